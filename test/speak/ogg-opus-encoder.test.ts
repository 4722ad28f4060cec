import { OggOpusDecoder } from 'ogg-opus-decoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDisposedError } from '../../src/core/errors.js';
import type { PcmAudio } from '../../src/core/ports.js';
import { readOggInfo } from '../../src/audio/ogg-info.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { EspeakSynthesizer } from '../../src/speak/espeak-synthesizer.js';
import { durationSec, rms, sine } from './audio-stats.js';

const encoder = new OggOpusEncoder();
const synth = new EspeakSynthesizer();
let speech: PcmAudio;

beforeAll(async () => {
  speech = await synth.synthesize({ text: 'Rivers carry water to the sea. The sea gives water back as rain.', language: 'en' });
});
afterAll(async () => {
  await encoder.dispose();
  await synth.dispose();
});

async function decode(ogg: Buffer) {
  const decoder = new OggOpusDecoder();
  await decoder.ready;
  try {
    return await decoder.decodeFile(new Uint8Array(ogg));
  } finally {
    decoder.free();
  }
}

/** The packet that starts the Ogg page at offset: enough to read OpusHead and OpusTags. */
function pagePacket(ogg: Buffer, offset: number): { packet: Buffer; next: number } {
  const segments = ogg[offset + 26]!;
  let length = 0;
  for (let i = 0; i < segments; i++) length += ogg[offset + 27 + i]!;
  const start = offset + 27 + segments;
  return { packet: ogg.subarray(start, start + length), next: start + length };
}

describe('OggOpusEncoder', () => {
  it('writes Ogg/Opus with OpusHead, OpusTags and the true duration', async () => {
    const ogg = await encoder.encode(speech);
    expect(ogg.subarray(0, 4).toString('latin1')).toBe('OggS');
    const head = pagePacket(ogg, 0);
    expect(head.packet.subarray(0, 8).toString('latin1')).toBe('OpusHead');
    expect(head.packet[9]).toBe(1); // mono
    expect(head.packet.readUInt32LE(12)).toBe(48_000); // input rate: resampled to 48 kHz
    expect(head.packet.readUInt16LE(10)).toBeGreaterThan(0); // pre-skip
    expect(ogg.readUInt8(5) & 0x02).toBe(0x02); // first page is beginning-of-stream
    const tags = pagePacket(ogg, head.next);
    expect(tags.packet.subarray(0, 8).toString('latin1')).toBe('OpusTags');

    const info = readOggInfo(ogg);
    expect(info).toMatchObject({ codec: 'opus', channels: 1, inputSampleRate: 48_000, hasTags: true });
    expect(Math.abs(info.durationSec - durationSec(speech))).toBeLessThan(0.03);

    const decoded = await decode(ogg);
    expect(decoded.errors).toEqual([]);
    expect(decoded.channelData).toHaveLength(1);
    expect(Math.abs(decoded.samplesDecoded / 48_000 - durationSec(speech))).toBeLessThan(0.03);
    expect(rms(decoded.channelData[0]!)).toBeGreaterThan(0.5 * rms(speech.samples));
    // A voice note: 32 kbit/s, so about 4 kB a second.
    expect(ogg.length / durationSec(speech)).toBeLessThan(6_000);
  });

  it('makes a shorter note at speed 2 than at speed 1', async () => {
    const text = 'Birds build nests in spring. They lay eggs and feed their young.';
    const normal = readOggInfo(await encoder.encode(await synth.synthesize({ text, language: 'en' }))).durationSec;
    const fast = readOggInfo(await encoder.encode(await synth.synthesize({ text, language: 'en', speed: 2 }))).durationSec;
    expect(fast).toBeLessThan(0.75 * normal);
  });

  it('keeps the length of any input rate and honours the bitrate', async () => {
    for (const rate of [8_000, 16_000, 22_050, 44_100, 48_000]) {
      const info = readOggInfo(await encoder.encode(sine(300, 1.5, rate)));
      expect(Math.abs(info.durationSec - 1.5), String(rate)).toBeLessThan(0.03);
    }
    const low = new OggOpusEncoder({ bitrate: 12_000 });
    try {
      const small = await low.encode(speech);
      const large = await encoder.encode(speech);
      expect(small.length).toBeLessThan(0.6 * large.length);
    } finally {
      await low.dispose();
    }
  });

  it('serves concurrent calls one at a time, each file whole', async () => {
    const [a, b] = await Promise.all([encoder.encode(sine(440, 2, 22_050)), encoder.encode(sine(440, 0.5, 16_000))]);
    expect(readOggInfo(a).durationSec).toBeCloseTo(2, 1);
    expect(readOggInfo(b).durationSec).toBeCloseTo(0.5, 1);
    expect((await decode(a)).samplesDecoded).toBe(96_000);
  });

  it('handles empty, non-finite and invalid input', async () => {
    const empty = await encoder.encode({ samples: new Float32Array(0), sampleRate: 22_050 });
    expect(readOggInfo(empty).durationSec).toBe(0);
    const noisy = sine(200, 1, 16_000);
    noisy.samples[100] = Number.NaN;
    noisy.samples[200] = Number.POSITIVE_INFINITY;
    expect(readOggInfo(await encoder.encode(noisy)).durationSec).toBeCloseTo(1, 1);
    await expect(encoder.encode({ samples: new Float32Array(10), sampleRate: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(encoder.encode({ samples: new Float32Array(10), sampleRate: 22_050.5 })).rejects.toBeInstanceOf(RangeError);
    expect(() => new OggOpusEncoder({ bitrate: 1_000_000 })).toThrow(RangeError);
  });

  it('throws DisposedError after dispose', async () => {
    const own = new OggOpusEncoder();
    await own.encode(sine(440, 0.2, 16_000));
    await own.dispose();
    await expect(own.encode(sine(440, 0.2, 16_000))).rejects.toSatisfy(isDisposedError);
  });
});
