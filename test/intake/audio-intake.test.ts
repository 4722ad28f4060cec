import { beforeAll, describe, expect, it } from 'vitest';
import { encodeMp3, encodeOggVorbis, encodeWebmOpus, toneThenSilence, writeFlac, writeM4a, writeWav } from '../../scripts/fixtures/audio-files.js';
import { isInputRefused } from '../../src/core/errors.js';
import type { InputLimits } from '../../src/core/ports.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';
import { intakeRefusal } from './intake-refusal.js';

const LIMITS: InputLimits = DEFAULT_INPUT_LIMITS;

const refusal = intakeRefusal;

// Three seconds each, made by real encoders (MP3, Vorbis, WebM) or written to the format's spec.
const files: Record<string, { mime: string; bytes: Buffer }> = {};

beforeAll(async () => {
  files.wav = { mime: 'audio/wav', bytes: writeWav(toneThenSilence(3, 22_050), 22_050) };
  files.flac = { mime: 'audio/flac', bytes: writeFlac(toneThenSilence(3, 16_000), 16_000) };
  files.mp3 = { mime: 'audio/mpeg', bytes: await encodeMp3(toneThenSilence(3, 44_100), 44_100) };
  files.vorbis = { mime: 'audio/ogg; codecs=vorbis', bytes: await encodeOggVorbis(toneThenSilence(3, 44_100), 44_100) };
  files.webm = { mime: 'audio/webm; codecs=opus', bytes: await encodeWebmOpus(toneThenSilence(3, 48_000)) };
  files.m4a = { mime: 'audio/mp4', bytes: writeM4a({ seconds: 3 }) };
});

describe('acceptInput: voice notes and audio files in every format the service decodes', () => {
  it.each(['wav', 'flac', 'mp3', 'vorbis', 'webm', 'm4a'])('takes %s as a voice input with its MIME type and length', async (name) => {
    const { mime, bytes } = files[name]!;
    const accepted = await acceptInput(bytes, LIMITS);
    expect(accepted.kind).toBe('voice');
    expect(accepted.mime).toBe(mime);
    expect(accepted.bytes).toBe(bytes);
    expect(Math.abs(accepted.measure!.durationSec! - 3)).toBeLessThan(0.08);
  });

  it.each(['wav', 'flac', 'mp3', 'vorbis', 'webm', 'm4a'])("refuses %s over the limit as 'audio-too-long', with the limit in minutes", async (name) => {
    // Reading may stop as soon as the limit is passed, so the length given is at least the limit.
    expect(await refusal(files[name]!.bytes, { maxAudioSeconds: 2 })).toMatchObject({ code: 'audio-too-long', params: { limit: 0 } });
    expect(await refusal(files[name]!.bytes, { maxAudioSeconds: 1 })).toMatchObject({ code: 'audio-too-long' });
  });

  it('measures from the container without decoding: a long file whose audio is garbage is refused as too long, not as corrupt', async () => {
    const tenMinutes = writeWav(new Float32Array(8_000 * 600), 8_000);
    tenMinutes.fill(0x5a, 44);
    expect((await refusal(tenMinutes)).code).toBe('audio-too-long');
    const m4a = writeM4a({ seconds: 400 });
    const mdat = m4a.indexOf('mdat', 0, 'latin1');
    m4a.fill(0xff, mdat + 4);
    expect((await refusal(m4a)).code).toBe('audio-too-long');
  });

  it('refuses a cut-off header as corrupt, and audio it does not decode as unsupported', async () => {
    expect((await refusal(files.flac!.bytes.subarray(0, 20))).code).toBe('corrupt');
    expect((await refusal(files.m4a!.bytes.subarray(0, 100))).code).toBe('corrupt');
    const adpcm = Buffer.from(files.wav!.bytes);
    adpcm.writeUInt16LE(2, 20); // WAVE_FORMAT_ADPCM
    expect((await refusal(adpcm)).code).toBe('unsupported-type');
  });

  it('still reads a text file that happens to start with an MP3-like byte pair as text', async () => {
    const accepted = await acceptInput(Buffer.from('\xff\xfbHello, this is only text.', 'latin1'), LIMITS).catch((err: unknown) => err);
    expect(isInputRefused(accepted) ? accepted.code : (accepted as { kind: string }).kind).not.toBe('voice');
  });
});
