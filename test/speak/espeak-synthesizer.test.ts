import { afterAll, describe, expect, it } from 'vitest';
import { isDisposedError, isStageError } from '../../src/core/errors.js';
import { LANGUAGE_CODES, LANGUAGES } from '../../src/core/languages.js';
import { EspeakSynthesizer } from '../../src/speak/espeak-synthesizer.js';
import { durationSec, rms } from './audio-stats.js';

const synth = new EspeakSynthesizer();
afterAll(() => synth.dispose());

const sentences = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `Number ${i + from} is here.`).join(' ');

describe('EspeakSynthesizer', () => {
  it.each([
    ['en', 'The sun gives us light and heat. Plants need it to grow.'],
    ['hi', 'सूरज हमें रोशनी और गर्मी देता है। पौधों को बढ़ने के लिए इसकी ज़रूरत होती है।'],
  ])('speaks %s as audible PCM of plausible length', async (language, text) => {
    const audio = await synth.synthesize({ text, language });
    expect(audio.sampleRate).toBe(22050);
    // About 10-12 words at 175 words a minute, plus the pause between the two sentences.
    expect(durationSec(audio)).toBeGreaterThan(2);
    expect(durationSec(audio)).toBeLessThan(8);
    expect(rms(audio.samples)).toBeGreaterThan(0.02);
    expect(Math.max(...audio.samples.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  it('has a voice for every supported language', async () => {
    for (const code of LANGUAGE_CODES) {
      const audio = await synth.synthesize({ text: LANGUAGES.get(code)!.nativeName, language: code });
      expect(durationSec(audio), code).toBeGreaterThan(0.2);
      expect(rms(audio.samples), code).toBeGreaterThan(0.01);
    }
    const voices = await synth.listVoices();
    for (const code of LANGUAGE_CODES) {
      const voice = LANGUAGES.get(code)!.espeakVoice;
      expect(voices.some((v) => v.languages.includes(voice)), voice).toBe(true);
    }
  });

  it('reads a 50-sentence text to the end', async () => {
    const ten = await synth.synthesize({ text: sentences(10), language: 'en' });
    const firstFortyNine = await synth.synthesize({ text: sentences(49), language: 'en' });
    const all = await synth.synthesize({ text: sentences(50), language: 'en' });
    const lastAlone = await synth.synthesize({ text: sentences(1, 50), language: 'en' });
    expect(durationSec(all)).toBeGreaterThan(4 * durationSec(ten));
    // The 50th sentence adds its own length and one 250 ms pause: it is really there.
    const added = durationSec(all) - durationSec(firstFortyNine);
    expect(Math.abs(added - (durationSec(lastAlone) + 0.25))).toBeLessThan(0.05);
    // And the audio does not trail off in silence: its last second is speech.
    expect(rms(all.samples, all.samples.length - all.sampleRate)).toBeGreaterThan(0.02);
  });

  it('speaks faster at speed 2 and slower at speed 0.5', async () => {
    const text = 'Water boils at one hundred degrees. Ice melts at zero degrees.';
    const normal = durationSec(await synth.synthesize({ text, language: 'en' }));
    const fast = durationSec(await synth.synthesize({ text, language: 'en', speed: 2 }));
    const slow = durationSec(await synth.synthesize({ text, language: 'en', speed: 0.5 }));
    expect(fast).toBeLessThan(0.75 * normal);
    expect(slow).toBeGreaterThan(1.4 * normal);
  });

  it('stops when aborted and serves the next call', async () => {
    const pre = new AbortController();
    pre.abort();
    await expect(synth.synthesize({ text: 'Hello.', language: 'en', signal: pre.signal })).rejects.toMatchObject({ name: 'AbortError' });

    // 400 sentences take well over 30 s to speak here; an abort between sentences ends it at once.
    const controller = new AbortController();
    const started = performance.now();
    const running = synth.synthesize({ text: sentences(400), language: 'en', signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(10_000);

    const after = await synth.synthesize({ text: 'Still working.', language: 'en' });
    expect(durationSec(after)).toBeGreaterThan(0.5);
  });

  it('serves concurrent calls one at a time, each in its own voice', async () => {
    const en = { text: 'One. Two. Three. Four.', language: 'en' };
    const ta = { text: 'ஒன்று. இரண்டு. மூன்று. நான்கு.', language: 'ta' };
    const alone = [durationSec(await synth.synthesize(en)), durationSec(await synth.synthesize(ta))];
    const together = (await Promise.all([synth.synthesize(en), synth.synthesize(ta)])).map(durationSec);
    expect(Math.abs(together[0]! - alone[0]!)).toBeLessThan(0.03);
    expect(Math.abs(together[1]! - alone[1]!)).toBeLessThan(0.03);
  });

  it('reads markup in user text as text, not as SSML', async () => {
    const audio = await synth.synthesize({ text: 'Wait <break time="60s"/> here.', language: 'en' });
    expect(durationSec(audio)).toBeLessThan(6);
  });

  it('splits a sentence with no punctuation and still reads all of it', async () => {
    const words = Array.from({ length: 30 }, (_, i) => (i % 2 ? 'river' : 'mountain')).join(' ');
    const short = new EspeakSynthesizer({ maxPieceChars: 60 });
    try {
      const split = durationSec(await short.synthesize({ text: words, language: 'en' }));
      const whole = durationSec(await synth.synthesize({ text: words, language: 'en' }));
      // The split version reads the same words with a few short pauses added.
      expect(split).toBeGreaterThan(whole * 0.95);
      expect(split).toBeLessThan(whole + 6 * 0.125 + 1);
    } finally {
      await short.dispose();
    }
  });

  it('refuses bad requests plainly', async () => {
    await expect(synth.synthesize({ text: 'Hi.', language: 'xx' })).rejects.toSatisfy(isStageError);
    await expect(synth.synthesize({ text: 'Hi.', language: 'en', speed: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(synth.synthesize({ text: 'Hi.', language: 'en', speed: Number.NaN })).rejects.toBeInstanceOf(RangeError);
    expect((await synth.synthesize({ text: '   ', language: 'en' })).samples.length).toBe(0);
  });

  it('throws DisposedError after dispose', async () => {
    const own = new EspeakSynthesizer();
    await own.synthesize({ text: 'Hi.', language: 'en' });
    await own.dispose();
    await expect(own.synthesize({ text: 'Hi.', language: 'en' })).rejects.toSatisfy(isDisposedError);
  });
});

describe('EspeakSynthesizer options', () => {
  it('reads only whole sentences up to maxChars', async () => {
    const limited = new EspeakSynthesizer({ maxChars: 60 });
    try {
      // "Number 1 is here." is 17 characters: three sentences and their spaces take 53, four 71.
      const cut = durationSec(await limited.synthesize({ text: sentences(10), language: 'en' }));
      const three = durationSec(await synth.synthesize({ text: sentences(3), language: 'en' }));
      expect(Math.abs(cut - three)).toBeLessThan(0.05);
    } finally {
      await limited.dispose();
    }
  });

  it('uses the configured speed when a request names none', async () => {
    const fast = new EspeakSynthesizer({ speed: 2 });
    try {
      const text = 'Clouds are made of tiny drops of water.';
      const fastSec = durationSec(await fast.synthesize({ text, language: 'en' }));
      const normalSec = durationSec(await synth.synthesize({ text, language: 'en' }));
      expect(fastSec).toBeLessThan(0.75 * normalSec);
    } finally {
      await fast.dispose();
    }
  });
});
