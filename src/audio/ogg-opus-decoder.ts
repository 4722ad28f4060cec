import { OggOpusDecoder } from 'ogg-opus-decoder';
import { InputRefusedError } from '../core/errors.js';
import type { PcmAudio } from '../core/ports.js';
import { readOggInfo } from './ogg-info.js';
import { resampleMono } from './resample.js';

export interface DecodeOggOpusOptions {
  /** Rate of the returned PCM, in Hz. Defaults to 16000, what speech recognisers take. */
  sampleRate?: number;
  /** Longest audio decoded, in seconds; longer input is refused as 'audio-too-long'. Defaults to 300. */
  maxSeconds?: number;
  signal?: AbortSignal;
}

const OPUS_RATE = 48_000;
// Ogg data is fed to the decoder in pieces this big so the decoded-length limit is checked as
// decoding goes, not after a hostile file has filled memory.
const CHUNK_BYTES = 64 * 1024;

/**
 * Decodes an Ogg/Opus file (a voice note) to mono 32-bit float PCM, by default at 16 kHz:
 * ogg-opus-decoder (libopus in WASM) decodes at 48 kHz, channels are averaged to mono, and
 * libsamplerate resamples. The header is checked first, and the decoded length is bounded by
 * maxSeconds while decoding. Refuses with InputRefusedError: 'unsupported-type' (Ogg that is not
 * Opus), 'corrupt' (no decodable audio), 'audio-too-long'.
 */
export async function decodeOggOpus(bytes: Buffer, options: DecodeOggOpusOptions = {}): Promise<PcmAudio> {
  const sampleRate = options.sampleRate ?? 16_000;
  const maxSeconds = options.maxSeconds ?? 300;
  if (!Number.isInteger(sampleRate) || sampleRate < 1_000 || sampleRate > OPUS_RATE * 4) throw new RangeError(`sample rate must be an integer 1000-192000 Hz, got ${sampleRate}`);
  options.signal?.throwIfAborted();
  const info = readOggInfo(bytes);
  const limit = Math.ceil(maxSeconds * OPUS_RATE);
  if (Math.max(info.durationSec, info.packetDurationSec) > maxSeconds) {
    throw new InputRefusedError('audio-too-long', `voice note is ${Math.round(Math.max(info.durationSec, info.packetDurationSec))} s`, { limit: minutes(maxSeconds) });
  }

  const decoder = new OggOpusDecoder();
  const parts: Float32Array[] = [];
  let total = 0;
  let errors = 0;
  try {
    await decoder.ready;
    const take = (decoded: { channelData: Float32Array[]; samplesDecoded: number; errors: unknown[] }) => {
      errors += decoded.errors.length;
      if (decoded.samplesDecoded === 0) return;
      total += decoded.samplesDecoded;
      if (total > limit) throw new InputRefusedError('audio-too-long', 'decoded audio is longer than its header says', { limit: minutes(maxSeconds) });
      parts.push(toMono(decoded.channelData, decoded.samplesDecoded));
    };
    for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
      options.signal?.throwIfAborted();
      const chunk = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, Math.min(CHUNK_BYTES, bytes.length - offset));
      // Typed as synchronous, but 1.7.5's decode() is async and returns a Promise.
      take(await decoder.decode(chunk));
    }
    take(await decoder.flush());
  } finally {
    decoder.free();
  }
  if (total === 0) throw new InputRefusedError('corrupt', `no audio could be decoded (${errors} decode errors)`);

  options.signal?.throwIfAborted();
  return resampleMono({ samples: concat(parts, total), sampleRate: OPUS_RATE }, sampleRate);
}

/** The refusal message shows the limit in minutes, one decimal. */
function minutes(seconds: number): number {
  return Math.round((seconds / 60) * 10) / 10;
}

function toMono(channels: Float32Array[], length: number): Float32Array {
  const mono = new Float32Array(length);
  if (channels.length === 0) return mono;
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i]! += channel[i]! / channels.length;
  return mono;
}

function concat(parts: Float32Array[], total: number): Float32Array {
  const out = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
