import { InputRefusedError } from '../core/errors.js';

/** Where a WAV file's samples are and how they are laid out. */
export interface WavLayout {
  /** 1 = integer PCM, 3 = IEEE float (WAVE_FORMAT_EXTENSIBLE resolved to its sub-format). */
  tag: number;
  channels: number;
  sampleRate: number;
  bits: number;
  dataStart: number;
  dataEnd: number;
  /** Whole sample frames in the data chunk: what the file holds, whatever its header claims. */
  frames: number;
  durationSec: number;
}

/**
 * Reads a WAV file's chunk layout (RIFF; 8/16/24/32-bit integer PCM or 32-bit float) without
 * touching its samples. Hand-written: WAV is a fixed layout (a chunk walk), shorter than adapting
 * a general audio library. Streaming writers put 0 or 0xFFFFFFFF as the data size before they know
 * it, and a size past the end is a cut-off file: the data chunk is read to the end of the buffer
 * then, so the frame count is what the bytes hold and a header cannot claim more.
 * Throws InputRefusedError 'corrupt' (not a WAV, no data) or 'unsupported-type' (compressed WAV).
 */
export function readWavLayout(bytes: Buffer): WavLayout {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') throw corrupt('not a RIFF/WAVE file');
  let format: { tag: number; channels: number; sampleRate: number; bits: number } | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (id === 'fmt ') {
      if (start + 16 > bytes.length) throw corrupt('short fmt chunk');
      let tag = bytes.readUInt16LE(start);
      // WAVE_FORMAT_EXTENSIBLE keeps the real tag in the first two bytes of its sub-format GUID.
      if (tag === 0xfffe && size >= 40 && start + 26 <= bytes.length) tag = bytes.readUInt16LE(start + 24);
      format = { tag, channels: bytes.readUInt16LE(start + 2), sampleRate: bytes.readUInt32LE(start + 4), bits: bytes.readUInt16LE(start + 14) };
    } else if (id === 'data') {
      if (!format) throw corrupt('data before fmt');
      const { tag, channels, sampleRate, bits } = format;
      if (!(tag === 1 && [8, 16, 24, 32].includes(bits)) && !(tag === 3 && bits === 32)) {
        throw new InputRefusedError('unsupported-type', `WAV sample format ${tag} at ${bits} bits`);
      }
      if (channels < 1 || channels > 8 || sampleRate < 1000 || sampleRate > 192_000) throw corrupt(`unusable layout: ${channels} channels at ${sampleRate} Hz`);
      const dataEnd = size === 0 || size === 0xffffffff || start + size > bytes.length ? bytes.length : start + size;
      const frames = Math.floor((dataEnd - start) / ((bits / 8) * channels));
      return { tag, channels, sampleRate, bits, dataStart: start, dataEnd, frames, durationSec: frames / sampleRate };
    }
    offset = start + size + (size % 2);
  }
  throw corrupt('no data chunk');
}

/** The first maxFrames sample frames of a WAV's data, channels averaged to mono floats in -1..1. */
export function wavToMono(bytes: Buffer, layout: WavLayout, maxFrames = layout.frames): Float32Array {
  const { tag, channels, bits } = layout;
  const read = sampleReader(tag, bits);
  const width = bits / 8;
  const frames = Math.min(layout.frames, maxFrames);
  const out = new Float32Array(frames);
  let at = layout.dataStart;
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++, at += width) sum += read(bytes, at);
    out[frame] = sum / channels;
  }
  return out;
}

function sampleReader(tag: number, bits: number): (data: Buffer, at: number) => number {
  if (tag === 3) return (d, at) => d.readFloatLE(at);
  if (bits === 8) return (d, at) => (d[at]! - 128) / 128;
  if (bits === 16) return (d, at) => d.readInt16LE(at) / 32768;
  if (bits === 24) return (d, at) => d.readIntLE(at, 3) / 8388608;
  return (d, at) => d.readInt32LE(at) / 2147483648;
}

function corrupt(reason: string): InputRefusedError {
  return new InputRefusedError('corrupt', `WAV: ${reason}`);
}
