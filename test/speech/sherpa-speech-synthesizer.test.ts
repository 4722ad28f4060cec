import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PcmAudio, SpeechSynthesizer } from '../../src/core/ports.js';
import { EspeakSynthesizer } from '../../src/speak/espeak-synthesizer.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import { SherpaSpeechSynthesizer } from '../../src/speech/sherpa-speech-synthesizer.js';
import { installSpeechFixtures } from './speech-fixture-store.js';

let root: string;
let models: InstalledSpeechModels;
const espeak = new EspeakSynthesizer();

const seconds = (audio: PcmAudio) => audio.samples.length / audio.sampleRate;
const peak = (audio: PcmAudio) => audio.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-synth-'));
  // The fixture voice is installed for Hindi and English only.
  const { store } = await installSpeechFixtures(root, { recognizerLanguages: null });
  models = new InstalledSpeechModels({ store, threads: 1 });
});

afterAll(async () => {
  await espeak.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('SherpaSpeechSynthesizer with the VITS fixture through real sherpa-onnx', () => {
  it('speaks with the installed voice, sentence by sentence, longer text giving longer audio', async () => {
    const synth = new SherpaSpeechSynthesizer({ voices: () => models.voices(), fallback: espeak, sentencePauseMs: 200 });
    const one = await synth.synthesize({ text: 'स्कूल कल बंद रहेगा।', language: 'hi' });
    const three = await synth.synthesize({ text: 'स्कूल कल बंद रहेगा। परीक्षा सोमवार को है। फीस शुक्रवार तक जमा करें।', language: 'hi' });
    expect(one.sampleRate).toBe(22_050); // the fixture voice's rate: espeak-ng's is 22050 too, so check more
    expect(peak(one)).toBeGreaterThan(0.3);
    // The fixture voice makes 1600 samples per character it knows: its length gives it away.
    expect(one.samples.length % 1600).toBe(0);
    expect(seconds(three)).toBeGreaterThan(seconds(one) * 2.5);
    // Two pauses of 200 ms between three sentences, silent in the fixture's continuous tone.
    let silentRuns = 0;
    for (let i = 1, run = 0; i < three.samples.length; i++) {
      run = three.samples[i] === 0 && three.samples[i - 1] === 0 ? run + 1 : 0;
      if (run === Math.round(0.19 * three.sampleRate)) silentRuns++;
    }
    expect(silentRuns).toBe(2);
  });

  it('speaks faster when the speed setting says so', async () => {
    const normal = new SherpaSpeechSynthesizer({ voices: () => models.voices(), speed: 1 });
    const quick = new SherpaSpeechSynthesizer({ voices: () => models.voices(), speed: 1.5 });
    const text = 'The circular says the school opens on Monday.';
    const a = await normal.synthesize({ text, language: 'en' });
    const b = await quick.synthesize({ text, language: 'en' });
    expect(seconds(b)).toBeCloseTo(seconds(a) / 1.5, 1);
    // A request's own speed wins over the setting.
    expect(seconds(await quick.synthesize({ text, language: 'en', speed: 1 }))).toBeCloseTo(seconds(a), 2);
  });

  it('hands out each sentence as soon as it is spoken', async () => {
    const synth = new SherpaSpeechSynthesizer({ voices: () => models.voices() });
    const pieces: number[] = [];
    for await (const piece of synth.speak({ text: 'One. Two two. Three three three.', language: 'en' })) {
      expect(piece.count).toBe(3);
      pieces.push(piece.index);
    }
    expect(pieces).toEqual([0, 1, 2]);
  });

  it('falls back to espeak-ng for a language without an installed voice', async () => {
    const calls: string[] = [];
    const recording: SpeechSynthesizer = {
      synthesize: (request) => {
        calls.push(request.language);
        return espeak.synthesize(request);
      },
    };
    const synth = new SherpaSpeechSynthesizer({ voices: () => models.voices(), fallback: recording });
    const audio = await synth.synthesize({ text: 'பள்ளி நாளை திறக்கும்.', language: 'ta' });
    expect(calls).toEqual(['ta']);
    expect(seconds(audio)).toBeGreaterThan(0.5);
    expect(audio.samples.length % 1600).not.toBe(0);
  });

  it('without a fallback, a language with no voice is an error, not silence', async () => {
    const synth = new SherpaSpeechSynthesizer({ voices: () => models.voices() });
    await expect(synth.synthesize({ text: 'பள்ளி', language: 'ta' })).rejects.toThrow(/no voice installed for ta/);
  });

  it('stops between sentences when the signal aborts', async () => {
    const synth = new SherpaSpeechSynthesizer({ voices: () => models.voices() });
    const controller = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const piece of synth.speak({ text: 'One. Two. Three. Four. Five.', language: 'en', signal: controller.signal })) {
        seen.push(piece.index);
        controller.abort();
      }
    })();
    await expect(run).rejects.toThrow(/abort/i);
    expect(seen.length).toBeLessThan(5);
  });
});
