import { InputRefusedError } from '../core/errors.js';
import { readOggOpusDuration } from './read-ogg-opus-duration.js';
import { AUDIO_MIME, sniffAudioContainer, type AudioFormat } from './audio-format.js';
import { readFlacInfo } from './read-flac-info.js';
import { readMp4Audio } from './read-mp4-audio.js';
import { readMpegInfo } from './read-mpeg-info.js';
import { readOggVorbisInfo } from './read-ogg-vorbis-info.js';
import { readWavLayout } from './read-wav.js';
import { readWebmOpus } from './read-webm-opus.js';

export interface AudioInfo {
  format: AudioFormat;
  /** What AcceptedInput.mime says for it, e.g. "audio/webm; codecs=opus". */
  mime: string;
  /**
   * Seconds, read from the container or the frame headers without decoding; where a format offers
   * more than one count (granule and packets, time tables and frame count), the longest.
   */
  durationSec: number;
  /** Rate of the coded stream, Hz. */
  sampleRate: number;
  channels: number;
}

export interface ReadAudioInfoOptions {
  /** Reading may stop once the audio is known to be longer than this, in seconds. Defaults to reading it all. */
  stopAfterSec?: number;
  signal?: AbortSignal;
}

// What the resampler (libsamplerate) takes; no recorder makes more.
const MAX_RATE = 192_000;

/**
 * What kind of audio the bytes hold and how long it is, from the container alone: the check that
 * comes before any decoding. Throws InputRefusedError 'unsupported-type' (not audio we decode:
 * Ogg/Speex, WebM/Vorbis, MP4 without AAC, compressed WAV...) or 'corrupt' (the container is
 * broken before any audio).
 */
export async function readAudioInfo(bytes: Buffer, options: ReadAudioInfoOptions = {}): Promise<AudioInfo> {
  const container = sniffAudioContainer(bytes);
  if (!container) throw new InputRefusedError('unsupported-type', 'not an audio format this service decodes');
  const info = await readContainer(container, bytes, options);
  if (info.sampleRate > MAX_RATE) throw new InputRefusedError('unsupported-type', `audio at ${info.sampleRate} Hz`);
  if (!Number.isFinite(info.durationSec)) throw new InputRefusedError('corrupt', 'the audio header gives no usable length');
  return { ...info, mime: AUDIO_MIME[info.format] };
}

async function readContainer(container: NonNullable<ReturnType<typeof sniffAudioContainer>>, bytes: Buffer, options: ReadAudioInfoOptions): Promise<Omit<AudioInfo, 'mime'>> {
  switch (container) {
    case 'ogg': {
      if (isOggVorbis(bytes)) {
        const vorbis = readOggVorbisInfo(bytes);
        return { format: 'ogg-vorbis', ...vorbis };
      }
      const opus = readOggOpusDuration(bytes);
      return { format: 'ogg-opus', durationSec: Math.max(opus.durationSec, opus.packetDurationSec), sampleRate: 48_000, channels: opus.channels };
    }
    case 'webm': {
      const webm = readWebmOpus(bytes, { stopAfterSec: options.stopAfterSec });
      return { format: 'webm-opus', durationSec: webm.durationSec, sampleRate: 48_000, channels: webm.channels };
    }
    case 'wav': {
      const wav = readWavLayout(bytes);
      return { format: 'wav', durationSec: wav.durationSec, sampleRate: wav.sampleRate, channels: wav.channels };
    }
    case 'mp3': {
      const mpeg = readMpegInfo(bytes);
      return { format: 'mp3', durationSec: mpeg.durationSec, sampleRate: mpeg.sampleRate, channels: mpeg.channels };
    }
    case 'flac': {
      const flac = await readFlacInfo(bytes, options);
      return { format: 'flac', ...flac };
    }
    case 'mp4': {
      const mp4 = readMp4Audio(bytes);
      if (mp4.codec !== 'mp4a' && mp4.codec !== 'alac') throw new InputRefusedError('unsupported-type', `MP4 audio coded as ${JSON.stringify(mp4.codec)}`);
      return { format: 'm4a', durationSec: mp4.durationSec, sampleRate: mp4.sampleRate, channels: mp4.channels };
    }
  }
}

/** The first Ogg packet is Vorbis's identification header ("\x01vorbis" after a 27+ byte page header). */
function isOggVorbis(bytes: Buffer): boolean {
  const segments = bytes[26] ?? 0;
  const body = 27 + segments;
  return bytes.toString('latin1', body, body + 7) === '\x01vorbis';
}
