import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpeech, type CtcFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { ModelPool, type PooledHandle } from '../../src/models/model-pool.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { isPathDeclined, PathDeclinedError } from '../../src/resilience/path-declined-error.js';
import { createSpeechServices } from '../../src/speech/create-speech-services.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import type { SherpaRecognizerModel } from '../../src/speech/sherpa-recognizer-model.js';
import type { SherpaVoiceModel } from '../../src/speech/sherpa-voice-model.js';
import type { SpeechModelLender } from '../../src/speech/speech-model-lender.js';
import { writeWav } from '../../scripts/fixtures/audio-files.js';
import { testLimits } from '../telegram/test-pipeline.js';
import { installSpeechFixtures } from './speech-fixture-store.js';
import { processAlive } from '../support/process-alive.js';

let root: string;
let ctc: CtcFixture;
let models: InstalledSpeechModels;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-pool-'));
  const installed = await installSpeechFixtures(root);
  ctc = installed.ctc!;
  models = new InstalledSpeechModels({ store: installed.store, threads: 1 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('speech models in the memory-budgeted model pool', () => {
  it('are loaded once, lent, evicted for room and freed the moment dispose resolves', async () => {
    const [recognizer] = await models.recognizers();
    const [voice] = await models.voices();
    // Room for one speech model at a time: the second evicts the first.
    const pool = new ModelPool<PooledHandle>({ budgetBytes: Math.max(recognizer!.resource.bytes, voice!.resource.bytes) + 1 });
    const lend: SpeechModelLender = (resource, fn, signal) => pool.use(resource, (handle) => fn(handle as Awaited<ReturnType<typeof resource.load>>), signal);

    let recognizerPid: number | undefined;
    const text = await lend(recognizer!.resource, async (model: SherpaRecognizerModel) => {
      recognizerPid = model.processId;
      return (await model.recognize(fixtureSpeech(ctc, ['कब']))).text;
    });
    expect(text).toBe('कब');
    // Lent again: the same loaded model, no second load.
    await lend(recognizer!.resource, async (model: SherpaRecognizerModel) => expect(model.processId).toBe(recognizerPid));
    expect(pool.stats().loads).toBe(1);
    expect(processAlive(recognizerPid)).toBe(true);

    let voicePid: number | undefined;
    await lend(voice!.resource, async (model: SherpaVoiceModel) => {
      voicePid = model.processId;
      expect((await model.generate('hello')).samples.length).toBeGreaterThan(0);
    });
    const stats = pool.stats();
    expect(stats.evictions).toBe(1);
    expect(stats.loaded.map((l) => l.id)).toEqual([voice!.resource.id]);
    expect(stats.peakBytes).toBeLessThanOrEqual(stats.budgetBytes);
    // Evicted means gone: the recogniser's process, and every byte it held, is no more.
    expect(processAlive(recognizerPid)).toBe(false);

    await pool.close();
    expect(processAlive(voicePid)).toBe(false);
  });

  it('pass the same fit check as GGUF models: one bigger than the whole budget is passed over, never loaded', async () => {
    const [recognizer] = await models.recognizers();
    const [voice] = await models.voices();
    // Room for neither speech model.
    const pool = new ModelPool<PooledHandle>({ budgetBytes: Math.min(recognizer!.resource.bytes, voice!.resource.bytes) - 1 });
    const speech = createSpeechServices({ modelsDir: root, maxAudioSeconds: 300, speed: 1, maxSpeechChars: 6000, threads: 1, pool, decline: (reason) => new PathDeclinedError(reason) });
    const note = await acceptInput(writeWav(fixtureSpeech(ctc, ['कब']), 16_000), testLimits());

    const heard = speech.recognizer.transcribe(note, { languageHint: 'hi' });
    // Declined (the chain's next path serves), saying why, rather than failing inside the pool.
    await expect(heard).rejects.toSatisfy(isPathDeclined);
    await expect(heard).rejects.toThrow(/local speech model ctc-fixture: ctc-fixture needs about \d+ MB but the model memory budget is \d+ MB/u);
    await expect(speech.synthesizer.synthesize({ text: 'kab', language: 'hi' })).rejects.toSatisfy(isPathDeclined);
    expect(pool.stats().loads).toBe(0);
    await pool.close();
  });
});
