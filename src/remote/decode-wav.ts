import type { PcmAudio } from '../core/ports.js';
import { RemoteApiError } from './remote-api-error.js';

/**
 * Reads a WAV file (RIFF; 8/16/24/32-bit integer PCM or 32-bit float) into mono float PCM.
 * Hand-written: a WAV answer is a fixed layout (a chunk walk and one sample loop), shorter than
 * adapting a general audio library's output to PcmAudio. Streaming servers write 0 or 0xFFFFFFFF
 * as the data size before they know it, so the data chunk is read to the end of the buffer then.
 */
export function decodeWav(bytes: Buffer): PcmAudio {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') throw bad('not a RIFF/WAVE file');
  let format: { tag: number; channels: number; rate: number; bits: number } | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (id === 'fmt ') {
      if (start + 16 > bytes.length) throw bad('short fmt chunk');
      let tag = bytes.readUInt16LE(start);
      // WAVE_FORMAT_EXTENSIBLE keeps the real tag in the first two bytes of its sub-format GUID.
      if (tag === 0xfffe && size >= 40 && start + 26 <= bytes.length) tag = bytes.readUInt16LE(start + 24);
      format = { tag, channels: bytes.readUInt16LE(start + 2), rate: bytes.readUInt32LE(start + 4), bits: bytes.readUInt16LE(start + 14) };
    } else if (id === 'data') {
      if (!format) throw bad('data before fmt');
      const end = size === 0 || size === 0xffffffff || start + size > bytes.length ? bytes.length : start + size;
      return { samples: toMono(bytes.subarray(start, end), format), sampleRate: format.rate };
    }
    offset = start + size + (size % 2);
  }
  throw bad('no data chunk');
}

function toMono(data: Buffer, format: { tag: number; channels: number; rate: number; bits: number }): Float32Array {
  const { tag, channels, bits, rate } = format;
  if (channels < 1 || channels > 8 || rate < 1000 || rate > 384_000) throw bad(`unsupported layout: ${channels} channels at ${rate} Hz`);
  const read = sampleReader(tag, bits);
  const width = bits / 8;
  const frames = Math.floor(data.length / (width * channels));
  const out = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) sum += read(data, (frame * channels + channel) * width);
    out[frame] = sum / channels;
  }
  return out;
}

function sampleReader(tag: number, bits: number): (data: Buffer, at: number) => number {
  if (tag === 3 && bits === 32) return (d, at) => d.readFloatLE(at);
  if (tag !== 1) throw bad(`unsupported sample format ${tag}`);
  if (bits === 8) return (d, at) => (d[at]! - 128) / 128;
  if (bits === 16) return (d, at) => d.readInt16LE(at) / 32768;
  if (bits === 24) return (d, at) => d.readIntLE(at, 3) / 8388608;
  if (bits === 32) return (d, at) => d.readInt32LE(at) / 2147483648;
  throw bad(`unsupported bit depth ${bits}`);
}

/** Raw little-endian 16-bit mono PCM (OpenAI's response_format "pcm" is this at 24 kHz). */
export function decodePcm16(bytes: Buffer, sampleRate: number): PcmAudio {
  const samples = new Float32Array(Math.floor(bytes.length / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
  return { samples, sampleRate };
}

function bad(reason: string): RemoteApiError {
  return new RemoteApiError(`malformed answer: ${reason}`, { isRetryable: false });
}
