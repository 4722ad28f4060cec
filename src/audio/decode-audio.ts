import { setImmediate as nextTurn } from 'node:timers/promises';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { MPEGDecoder } from 'mpg123-decoder';
import { InputRefusedError, isInputRefused } from '../core/errors.js';
import type { PcmAudio } from '../core/ports.js';
import type { AudioFormat } from './audio-format.js';
import { decodeM4a } from './decode-m4a.js';
import { decodeWebmOpus } from './decode-webm-opus.js';
import { decodeOggOpus } from './ogg-opus-decoder.js';
import { PcmCollector, type ChunkDecoder } from './pcm-collector.js';
import { quietly } from './quietly.js';
import { readAudioInfo, type AudioInfo } from './read-audio-info.js';
import { readWavLayout, wavToMono } from './read-wav.js';
import { resampleMono } from './resample.js';

export interface DecodeAudioOptions {
  /** Rate of the returned PCM, in Hz. Defaults to 16000, what speech recognisers take. */
  sampleRate?: number;
  /** Longest audio decoded, in seconds; longer input is refused as 'audio-too-long'. Defaults to 300. */
  maxSeconds?: number;
  signal?: AbortSignal;
}

// Input is fed to the decoders in pieces this big, so the length limit is checked as decoding
// goes (64 KB of MP3 at 128 kbit/s is 4 s) and other requests get the event loop in between.
const CHUNK_BYTES = 64 * 1024;

/**
 * Decodes a voice note or audio file to mono 32-bit float PCM, by default at 16 kHz, without an
 * ffmpeg binary: Ogg/Opus (Telegram voice notes), WebM/Opus (browsers, Slack clips), M4A/AAC
 * (iPhone voice memos, Slack clips on iOS), MP3, Ogg/Vorbis, FLAC and WAV. The format comes from
 * the bytes; the length is checked from the container before decoding, and again while decoding
 * (a header that understates the length stops decoding at the limit). Channels are averaged to
 * mono and libsamplerate resamples. Refuses with InputRefusedError: 'unsupported-type',
 * 'corrupt' (no decodable audio), 'audio-too-long'.
 */
export async function decodeAudio(bytes: Buffer, options: DecodeAudioOptions = {}): Promise<PcmAudio> {
  const sampleRate = options.sampleRate ?? 16_000;
  const maxSeconds = options.maxSeconds ?? 300;
  if (!Number.isInteger(sampleRate) || sampleRate < 1_000 || sampleRate > 192_000) throw new RangeError(`sample rate must be an integer 1000-192000 Hz, got ${sampleRate}`);
  const { signal } = options;
  signal?.throwIfAborted();
  const info = await readAudioInfo(bytes, { stopAfterSec: maxSeconds, signal });
  if (info.durationSec > maxSeconds) {
    throw new InputRefusedError('audio-too-long', `${info.format} audio of ${Math.round(info.durationSec)} s`, { limit: Math.round((maxSeconds / 60) * 10) / 10 });
  }
  // Ogg/Opus keeps its own decoder (with its page-by-page checks); the rest share the collector.
  if (info.format === 'ogg-opus') return decodeOggOpus(bytes, { sampleRate, maxSeconds, signal });
  const collector = new PcmCollector(maxSeconds);
  await decodeInto(info, bytes, collector, { sampleRate, signal });
  signal?.throwIfAborted();
  return resampleMono(collector.finish(info.format), sampleRate);
}

async function decodeInto(info: AudioInfo, bytes: Buffer, collector: PcmCollector, options: { sampleRate: number; signal?: AbortSignal }): Promise<void> {
  const format: Exclude<AudioFormat, 'ogg-opus'> = info.format as Exclude<AudioFormat, 'ogg-opus'>;
  switch (format) {
    case 'wav': {
      const layout = readWavLayout(bytes);
      // The frame count is what the bytes hold; the collector still applies the same limit.
      collector.add({ channelData: [wavToMono(bytes, layout)], samplesDecoded: layout.frames, sampleRate: layout.sampleRate });
      return;
    }
    case 'webm-opus':
      return decodeWebmOpus(bytes, collector, { ...options, maxSeconds: collector.maxSeconds });
    case 'm4a':
      return feed(await decodeM4a(), bytes, collector, options.signal);
    case 'mp3': {
      const decoder = new MPEGDecoder();
      await decoder.ready;
      return feed(decoder, bytes, collector, options.signal);
    }
    case 'flac': {
      const decoder = new FLACDecoder();
      await decoder.ready;
      return feed(decoder, bytes, collector, options.signal);
    }
    case 'ogg-vorbis': {
      const decoder = new OggVorbisDecoder();
      await decoder.ready;
      return feed(decoder, bytes, collector, options.signal);
    }
  }
}

/** Feeds the whole input to a streaming decoder piece by piece, checking the limit and the signal between pieces; frees it. */
export async function feed(decoder: ChunkDecoder, bytes: Buffer, collector: PcmCollector, signal?: AbortSignal): Promise<void> {
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
      signal?.throwIfAborted();
      const chunk = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, Math.min(CHUNK_BYTES, bytes.length - offset));
      collector.add(await quietly(() => decoder.decode(chunk)));
      await nextTurn();
    }
    if (decoder.flush) collector.add(await quietly(() => decoder.flush!()));
  } catch (err) {
    if (isInputRefused(err) || signal?.aborted) throw err;
    // A WASM decoder that throws on hostile data (an out-of-bounds frame) has met a broken file.
    throw new InputRefusedError('corrupt', `the decoder failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    decoder.free();
  }
}
