import { beforeAll, describe, expect, it } from 'vitest';
import { encodeMp3, encodeOggVorbis, encodeWebmOpus, toneThenSilence, writeFlac, writeM4a, writeWav } from '../../scripts/fixtures/audio-files.js';
import { decodeAudio } from '../../src/audio/decode-audio.js';
import { readAudioInfo } from '../../src/audio/read-audio-info.js';
import { isInputRefused, type RefusalCode } from '../../src/core/errors.js';
import type { PcmAudio } from '../../src/core/ports.js';
import { oggCrc } from '../intake/ogg-pages.js';
import { rmsBetween, seededBytes, toneFrequencyBetween } from './audio-fixture-stats.js';

interface Case {
  name: string;
  format: string;
  mime: string;
  make: () => Buffer | Promise<Buffer>;
  /** How far the decoded length may be from 2 s: encoders add delay and padding. */
  tolerance: number;
}

// Two seconds each: a 440 Hz tone, then silence.
const CASES: Case[] = [
  { name: 'WAV (44.1 kHz stereo, 16-bit)', format: 'wav', mime: 'audio/wav', make: () => writeWav(toneThenSilence(2, 44_100), 44_100, { channels: 2 }), tolerance: 0.01 },
  { name: 'WAV (48 kHz float)', format: 'wav', mime: 'audio/wav', make: () => writeWav(toneThenSilence(2, 48_000), 48_000, { bits: 32 }), tolerance: 0.01 },
  { name: 'FLAC (16 kHz)', format: 'flac', mime: 'audio/flac', make: () => writeFlac(toneThenSilence(2, 16_000), 16_000), tolerance: 0.01 },
  { name: 'MP3 (LAME, 44.1 kHz)', format: 'mp3', mime: 'audio/mpeg', make: () => encodeMp3(toneThenSilence(2, 44_100), 44_100), tolerance: 0.08 },
  { name: 'Ogg/Vorbis (libvorbis, 44.1 kHz)', format: 'ogg-vorbis', mime: 'audio/ogg; codecs=vorbis', make: () => encodeOggVorbis(toneThenSilence(2, 44_100), 44_100), tolerance: 0.02 },
  { name: 'WebM/Opus (libopus + Matroska muxer)', format: 'webm-opus', mime: 'audio/webm; codecs=opus', make: () => encodeWebmOpus(toneThenSilence(2, 48_000)), tolerance: 0.03 },
];

const files = new Map<string, Buffer>();
let m4a: Buffer;

beforeAll(async () => {
  for (const c of CASES) files.set(c.name, await c.make());
  m4a = writeM4a({ seconds: 3 });
});

async function refusal(promise: Promise<unknown>): Promise<{ code: RefusalCode; params: Record<string, string | number> }> {
  try {
    await promise;
  } catch (err) {
    if (isInputRefused(err)) return { code: err.code, params: err.params };
    throw err;
  }
  throw new Error('expected a refusal');
}

function expectToneThenSilence(pcm: PcmAudio, tolerance: number): void {
  expect(pcm.sampleRate).toBe(16_000);
  expect(Math.abs(pcm.samples.length / pcm.sampleRate - 2)).toBeLessThan(tolerance);
  // The middle of each half: encoder delay moves the edges by some tens of milliseconds.
  expect(toneFrequencyBetween(pcm, 0.25, 0.75)).toBeGreaterThan(430);
  expect(toneFrequencyBetween(pcm, 0.25, 0.75)).toBeLessThan(450);
  expect(rmsBetween(pcm, 0.25, 0.75)).toBeGreaterThan(0.2);
  expect(rmsBetween(pcm, 1.3, 1.9)).toBeLessThan(0.02);
}

describe.each(CASES)('decodeAudio: $name', (c) => {
  it('reads the format and length from the container, without decoding', async () => {
    const info = await readAudioInfo(files.get(c.name)!);
    expect(info.format).toBe(c.format);
    expect(info.mime).toBe(c.mime);
    expect(Math.abs(info.durationSec - 2)).toBeLessThan(c.tolerance);
  });

  it('decodes to 16 kHz mono with the right length, the tone first and silence after', async () => {
    expectToneThenSilence(await decodeAudio(files.get(c.name)!), c.tolerance);
  });

  it("refuses audio over the limit as 'audio-too-long', before decoding", async () => {
    expect(await refusal(decodeAudio(files.get(c.name)!, { maxSeconds: 1 }))).toEqual({ code: 'audio-too-long', params: { limit: 0 } });
  });

  it('never crashes or hangs on a cut-off or damaged file: it decodes what it can or refuses', async () => {
    const file = files.get(c.name)!;
    const random = seededBytes(file.length);
    const damaged: Buffer[] = [file.subarray(0, 40), file.subarray(0, Math.floor(file.length * 0.3)), file.subarray(0, Math.floor(file.length * 0.7))];
    for (let i = 0; i < 8; i++) {
      const copy = Buffer.from(file);
      // Damage the body and the headers alike, a few bytes at a time.
      for (let k = 0; k < 8; k++) copy[(random() * 256 + random()) % copy.length] = random();
      damaged.push(copy);
    }
    for (const bytes of damaged) {
      try {
        const pcm = await decodeAudio(bytes);
        expect(pcm.sampleRate).toBe(16_000);
        expect(pcm.samples.every(Number.isFinite)).toBe(true);
        expect(pcm.samples.length / pcm.sampleRate).toBeLessThan(2.5);
      } catch (err) {
        expect(isInputRefused(err), String(err)).toBe(true);
      }
    }
  });
});

describe('decodeAudio: M4A (AAC-LC)', () => {
  it('reads an M4A and its length from its boxes', async () => {
    const info = await readAudioInfo(m4a);
    expect(info).toMatchObject({ format: 'm4a', mime: 'audio/mp4', sampleRate: 16_000, channels: 1 });
    expect(Math.abs(info.durationSec - 3)).toBeLessThan(0.07);
  });

  it('decodes AAC to 16 kHz mono: half a second of sound, half a second of silence, for 3 s', async () => {
    const pcm = await decodeAudio(m4a);
    expect(pcm.sampleRate).toBe(16_000);
    // FAAD2 withholds its first frame (64 ms at 16 kHz); the priming is trimmed.
    expect(Math.abs(pcm.samples.length / pcm.sampleRate - 3)).toBeLessThan(0.1);
    for (const start of [0, 1, 2]) {
      const on = rmsBetween(pcm, start + 0.15, start + 0.4);
      const off = rmsBetween(pcm, start + 0.65, start + 0.9);
      expect(on).toBeGreaterThan(0.03);
      expect(on).toBeGreaterThan(off * 5);
    }
  });

  it('decodes an M4A whose moov box comes after the media data', async () => {
    const pcm = await decodeAudio(writeM4a({ seconds: 2, moovLast: true }));
    expect(Math.abs(pcm.samples.length / pcm.sampleRate - 2)).toBeLessThan(0.15);
  });

  it('counts the coded frames too: time tables that understate the length are refused before decoding', async () => {
    const lying = writeM4a({ seconds: 4, mdhdDuration: 1024, sttsDelta: 1 });
    expect((await readAudioInfo(lying)).durationSec).toBeGreaterThan(3.9);
    expect((await refusal(decodeAudio(lying, { maxSeconds: 2 }))).code).toBe('audio-too-long');
  });

  it('refuses a broken M4A as corrupt, and a still image in the same container as not audio', async () => {
    expect((await refusal(decodeAudio(m4a.subarray(0, 60)))).code).toBe('corrupt');
    const heic = Buffer.from(m4a);
    heic.write('heic', 8, 'latin1');
    expect((await refusal(decodeAudio(heic))).code).toBe('unsupported-type');
  });
});

describe('decodeAudio: headers that lie', () => {
  it('stops decoding a FLAC whose STREAMINFO understates its length', async () => {
    const flac = writeFlac(toneThenSilence(6, 16_000), 16_000, { totalSamples: 16_000 });
    expect((await readAudioInfo(flac)).durationSec).toBe(1);
    const refused = await refusal(decodeAudio(flac, { maxSeconds: 3 }));
    expect(refused.code).toBe('audio-too-long');
  });

  it('walks the frames of a FLAC whose STREAMINFO does not know its length', async () => {
    const flac = writeFlac(toneThenSilence(3, 16_000), 16_000, { totalSamples: 0 });
    expect((await readAudioInfo(flac)).durationSec).toBeCloseTo(3, 2);
    expect((await refusal(decodeAudio(flac, { maxSeconds: 2 }))).code).toBe('audio-too-long');
  });

  it('stops decoding an Ogg/Vorbis file whose last granule understates its length', async () => {
    // Long enough to be fed to the decoder in several pieces: the limit is checked between them.
    const vorbis = await encodeOggVorbis(noise(60, 16_000), 16_000);
    expect(vorbis.length).toBeGreaterThan(3 * 64 * 1024);
    const lying = capGranules(vorbis, 16_000n);
    expect((await readAudioInfo(lying)).durationSec).toBe(1);
    expect((await refusal(decodeAudio(lying, { maxSeconds: 10 }))).code).toBe('audio-too-long');
  });

  it('counts MP3 frames rather than trusting tags', async () => {
    const mp3 = await encodeMp3(toneThenSilence(3, 16_000), 16_000, 32);
    expect(Math.abs((await readAudioInfo(mp3)).durationSec - 3)).toBeLessThan(0.1);
    // A long ID3 tag in front changes nothing but where the first frame is.
    const id3 = Buffer.alloc(10 + 3000);
    id3.write('ID3', 0, 'latin1');
    id3[3] = 4;
    id3.writeUInt32BE(((3000 >> 21) << 24) | (((3000 >> 14) & 0x7f) << 16) | (((3000 >> 7) & 0x7f) << 8) | (3000 & 0x7f), 6);
    const tagged = Buffer.concat([id3, mp3]);
    expect(Math.abs((await readAudioInfo(tagged)).durationSec - 3)).toBeLessThan(0.1);
    expect(Math.abs((await decodeAudio(tagged)).samples.length / 16_000 - 3)).toBeLessThan(0.1);
  });
});

describe('decodeAudio: what is not audio', () => {
  it('refuses text, and text that starts like an MP3 frame, as unsupported', async () => {
    expect((await refusal(decodeAudio(Buffer.from('just some text, not audio')))).code).toBe('unsupported-type');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('A note in UTF-16. '.repeat(40), 'utf16le')]);
    expect((await refusal(decodeAudio(utf16))).code).toBe('unsupported-type');
  });

  it('stops when aborted', async () => {
    await expect(decodeAudio(files.get(CASES[0]!.name)!, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/** The Ogg file with every page's granule position capped (and the page CRCs redone): a header that lies throughout. */
function capGranules(ogg: Buffer, granule: bigint): Buffer {
  const copy = Buffer.from(ogg);
  for (let at = 0; at + 27 <= copy.length; ) {
    const bodyLength = [...copy.subarray(at + 27, at + 27 + copy[at + 26]!)].reduce((n, v) => n + v, 0);
    const end = at + 27 + copy[at + 26]! + bodyLength;
    if (copy.readBigInt64LE(at + 6) > granule) copy.writeBigInt64LE(granule, at + 6);
    copy.writeUInt32LE(0, at + 22);
    copy.writeUInt32LE(oggCrc(copy.subarray(at, end)), at + 22);
    at = end;
  }
  return copy;
}

/** Loud white noise: Vorbis spends many bytes on it, which makes a long file. */
function noise(seconds: number, sampleRate: number): Float32Array {
  const random = seededBytes(7);
  return Float32Array.from({ length: seconds * sampleRate }, () => (random() - 128) / 256);
}
