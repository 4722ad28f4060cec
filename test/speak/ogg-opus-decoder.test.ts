import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInputRefused } from '../../src/core/errors.js';
import { readOggInfo } from '../../src/audio/ogg-info.js';
import { decodeOggOpus } from '../../src/audio/ogg-opus-decoder.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { durationSec, sine, toneFrequency } from './audio-stats.js';

const encoder = new OggOpusEncoder();
let note: Buffer;

beforeAll(async () => {
  note = await encoder.encode(sine(440, 2, 22_050));
});
afterAll(() => encoder.dispose());

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isInputRefused(err)) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('decodeOggOpus', () => {
  it('decodes a voice note to 16 kHz mono with its length and pitch', async () => {
    const pcm = await decodeOggOpus(note);
    expect(pcm.sampleRate).toBe(16_000);
    expect(Math.abs(durationSec(pcm) - 2)).toBeLessThan(0.03);
    expect(toneFrequency(pcm)).toBeGreaterThan(430);
    expect(toneFrequency(pcm)).toBeLessThan(450);
  });

  it('decodes at another rate when asked', async () => {
    const pcm = await decodeOggOpus(note, { sampleRate: 48_000 });
    expect(pcm.samples.length).toBe(96_000);
  });

  it('refuses audio longer than the limit', async () => {
    expect(await refusal(decodeOggOpus(note, { maxSeconds: 1 }))).toBe('audio-too-long');
  });

  it('refuses what is not Ogg/Opus', async () => {
    expect(await refusal(decodeOggOpus(Buffer.from('not an ogg file at all, just text')))).toBe('corrupt');
    const notOpus = Buffer.from(note);
    notOpus.write('OpusHeaX', 28 + notOpus[26]! - 1, 'latin1');
    expect(await refusal(decodeOggOpus(notOpus))).toBe('unsupported-type');
    // Only the two header pages survive: there is no audio to decode.
    const info = readOggInfo(note);
    expect(info.preSkip).toBeGreaterThan(0);
    const headersOnly = note.subarray(0, headerPagesLength(note));
    expect(await refusal(decodeOggOpus(headersOnly))).toBe('corrupt');
  });

  it('stops when aborted', async () => {
    await expect(decodeOggOpus(note, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

function headerPagesLength(ogg: Buffer): number {
  let offset = 0;
  for (let page = 0; page < 2; page++) {
    const segments = ogg[offset + 26]!;
    let body = 0;
    for (let i = 0; i < segments; i++) body += ogg[offset + 27 + i]!;
    offset += 27 + segments + body;
  }
  return offset;
}
