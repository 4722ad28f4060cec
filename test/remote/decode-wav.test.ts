import { describe, expect, it } from 'vitest';
import { decodePcm16, decodeWav } from '../../src/remote/decode-wav.js';
import { isRemoteApiError } from '../../src/remote/remote-api-error.js';

/** A WAV file with the given fmt fields and raw data, chunk sizes as given (to mimic streaming servers). */
function wav(fmt: { tag: number; channels: number; rate: number; bits: number; extensible?: boolean }, data: Buffer, dataSize = data.length, extra: Buffer = Buffer.alloc(0)): Buffer {
  const fmtBody = Buffer.alloc(fmt.extensible ? 40 : 16);
  fmtBody.writeUInt16LE(fmt.extensible ? 0xfffe : fmt.tag, 0);
  fmtBody.writeUInt16LE(fmt.channels, 2);
  fmtBody.writeUInt32LE(fmt.rate, 4);
  fmtBody.writeUInt32LE((fmt.rate * fmt.channels * fmt.bits) / 8, 8);
  fmtBody.writeUInt16LE((fmt.channels * fmt.bits) / 8, 12);
  fmtBody.writeUInt16LE(fmt.bits, 14);
  if (fmt.extensible) {
    fmtBody.writeUInt16LE(22, 16);
    fmtBody.writeUInt16LE(fmt.tag, 24);
  }
  const chunk = (id: string, body: Buffer, size = body.length) => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(size, 4);
    return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmtBody), extra, chunk('data', data, dataSize)]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

function int16(values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b;
}

describe('decodeWav', () => {
  it('reads 16-bit mono PCM', () => {
    const pcm = decodeWav(wav({ tag: 1, channels: 1, rate: 16000, bits: 16 }, int16([0, 16384, -32768, 32767])));
    expect(pcm.sampleRate).toBe(16000);
    expect([...pcm.samples]).toEqual([0, 0.5, -1, 32767 / 32768]);
  });

  it('averages stereo to mono and skips chunks it does not know', () => {
    const list = Buffer.concat([Buffer.from('LIST', 'latin1'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0', 'latin1')]);
    const pcm = decodeWav(wav({ tag: 1, channels: 2, rate: 22050, bits: 16 }, int16([16384, 0, -16384, -16384]), undefined, list));
    expect([...pcm.samples]).toEqual([0.25, -0.5]);
  });

  it('reads 32-bit float, 24-bit and 8-bit samples, and the extensible header', () => {
    const floats = Buffer.alloc(8);
    floats.writeFloatLE(0.25, 0);
    floats.writeFloatLE(-0.75, 4);
    expect([...decodeWav(wav({ tag: 3, channels: 1, rate: 24000, bits: 32 }, floats)).samples]).toEqual([0.25, -0.75]);
    const s24 = Buffer.alloc(6);
    s24.writeIntLE(4194304, 0, 3);
    s24.writeIntLE(-8388608, 3, 3);
    expect([...decodeWav(wav({ tag: 1, channels: 1, rate: 24000, bits: 24, extensible: true }, s24)).samples]).toEqual([0.5, -1]);
    expect([...decodeWav(wav({ tag: 1, channels: 1, rate: 8000, bits: 8 }, Buffer.from([128, 192, 0]))).samples]).toEqual([0, 0.5, -1]);
  });

  it('reads to the end when a streaming server wrote an unknown data size', () => {
    for (const size of [0, 0xffffffff]) {
      const pcm = decodeWav(wav({ tag: 1, channels: 1, rate: 24000, bits: 16 }, int16([100, 200, 300]), size));
      expect(pcm.samples.length).toBe(3);
    }
  });

  it.each([
    ['not RIFF', Buffer.from('ID3 this is an mp3 file')],
    ['no data chunk', wav({ tag: 1, channels: 1, rate: 16000, bits: 16 }, Buffer.alloc(0)).subarray(0, 36)],
    ['12-bit samples', wav({ tag: 1, channels: 1, rate: 16000, bits: 12 }, Buffer.alloc(6))],
    ['A-law', wav({ tag: 6, channels: 1, rate: 8000, bits: 8 }, Buffer.alloc(6))],
    ['absurd channel count', wav({ tag: 1, channels: 300, rate: 16000, bits: 16 }, Buffer.alloc(600))],
  ])('refuses %s with a malformed-answer error', (_name, bytes) => {
    let caught: unknown;
    try {
      decodeWav(bytes);
    } catch (err) {
      caught = err;
    }
    expect(isRemoteApiError(caught) && caught.message).toMatch(/^malformed answer: /);
  });
});

describe('decodePcm16', () => {
  it('reads raw little-endian samples at the given rate', () => {
    expect(decodePcm16(int16([16384, -16384, 0]), 24000)).toEqual({ samples: Float32Array.from([0.5, -0.5, 0]), sampleRate: 24000 });
  });
});
