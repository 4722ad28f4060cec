import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWav } from '../../scripts/fixtures/audio-files.js';
import { fixtureSpeech, type CtcFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { loadConfig } from '../../src/app/load-config.js';
import type { AcceptedInput, PcmAudio } from '../../src/core/ports.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { ModelPool, type PooledHandle } from '../../src/models/model-pool.js';
import { BackendPolicies } from '../../src/resilience/backend-policies.js';
import { ChainedSpeechRecognizer, recognizeLink } from '../../src/resilience/chained-speech-recognizer.js';
import { ChainedSpeechSynthesizer, speakLink } from '../../src/resilience/chained-speech-synthesizer.js';
import { PathDeclinedError } from '../../src/resilience/path-declined-error.js';
import { speechModelGuard } from '../../src/resilience/speech-model-guard.js';
import { createSpeechServices, type SpeechServices } from '../../src/speech/create-speech-services.js';
import type { SherpaRecognizerModel } from '../../src/speech/sherpa-recognizer-model.js';
import type { SherpaVoiceModel } from '../../src/speech/sherpa-voice-model.js';
import type { SharedModelPool } from '../../src/speech/speech-model-lender.js';
import { testLimits } from '../telegram/test-pipeline.js';
import { installSpeechFixtures } from './speech-fixture-store.js';
import { processAlive } from '../support/process-alive.js';

// Seconds are the settings' unit: a 2 s timeout and a 1 s half-open wait keep the walk short.
const config = loadConfig({ SPEECH_RECOGNIZE_TIMEOUT_SECONDS: '2', SPEECH_VOICE_TIMEOUT_SECONDS: '2', BREAKER_FAILURES: '2', BREAKER_HALF_OPEN_SECONDS: '1' });

let root: string;
let ctc: CtcFixture;
let note: AcceptedInput;
let policies: BackendPolicies;
let modelPool: ModelPool<PooledHandle>;
let speech: SpeechServices;
// The handles the pool lends, to find each model's process (the fault is injected into it).
const lent: Array<{ processId?: number }> = [];

/** A remote API that always answers: what serves when the local model does not. */
const api = { transcribe: async () => ({ text: 'from the API', language: 'hi' }) };
/** The embedded voice (espeak-ng in the service): a marker tone at 8 kHz. */
const embedded = { synthesize: async (): Promise<PcmAudio> => ({ samples: new Float32Array(800).fill(0.1), sampleRate: 8_000 }) };

async function gone(pid: number | undefined): Promise<boolean> {
  for (let i = 0; i < 40 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !processAlive(pid);
}

const lastPid = () => lent.at(-1)?.processId;

/** Holds the process (so the call is surely in it), then kills it while the call waits: a crash mid-call. */
async function crashDuring<T>(pid: number, call: Promise<T>): Promise<T> {
  process.kill(pid, 'SIGSTOP');
  // Well inside the 2 s timeout, and well after the note is decoded and sent to the process.
  await new Promise((r) => setTimeout(r, 1000));
  process.kill(pid, 'SIGKILL');
  return call;
}
const health = (id: string) => policies.health()[`local-speech ${id}`]!;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-guard-'));
  const installed = await installSpeechFixtures(root);
  ctc = installed.ctc!;
  note = await acceptInput(writeWav(fixtureSpeech(ctc, ['स्कूल', 'कब', 'खुलेगा']), 16_000), testLimits());
  policies = new BackendPolicies({ failures: config.breakerFailures, halfOpenAfterMs: config.breakerHalfOpenSeconds * 1000 });
  modelPool = new ModelPool<PooledHandle>({ budgetBytes: 4_000_000_000 });
  const pool: SharedModelPool = {
    use: (resource, fn, signal) =>
      modelPool.use(resource, (handle) => {
        lent.push(handle as { processId?: number });
        return fn(handle);
      }, signal),
    overBudget: (resource) => modelPool.overBudget(resource),
  };
  speech = createSpeechServices({ modelsDir: root, maxAudioSeconds: 300, speed: 1, maxSpeechChars: 6000, threads: 1, pool, decline: (reason) => new PathDeclinedError(reason), guard: speechModelGuard(policies, config) });
  // Loaded into the pool beforehand: a load on a busy 2-core machine may take longer than the
  // short timeout used here, and loads are not what this test walks.
  for (const model of [...(await speech.installed.recognizers()), ...(await speech.installed.voices())]) await pool.use(model.resource, async () => undefined);
});

afterAll(async () => {
  await modelPool.close();
  await rm(root, { recursive: true, force: true });
});

describe('local speech models under a timeout and circuit breaker', () => {
  it('walks a hanging, then crashing recogniser through open -> half-open -> closed while the API serves', async () => {
    const chain = new ChainedSpeechRecognizer({
      links: [recognizeLink(speech.recognizer, { path: 'local-model', name: 'local speech model' }), recognizeLink(api, { path: 'remote-api', name: 'remote API' })],
    });
    // A WAV voice input, heard by the local model while it is well.
    expect(note.mime).toBe('audio/wav');
    expect((await chain.transcribe(note, {})).text).toBe('स्कूल कब खुलेगा');
    expect(health('ctc-fixture')).toMatchObject({ state: 'closed', consecutiveFailures: 0, timeoutMs: 2000 });

    // Hang: the model's process stops answering (SIGSTOP, as a stuck native call looks).
    const hung = lastPid();
    process.kill(hung!, 'SIGSTOP');
    const started = Date.now();
    expect((await chain.transcribe(note, {})).text).toBe('from the API');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Cut off at the timeout: the stuck process is ended, not left holding the CPU.
    expect(await gone(hung)).toBe(true);
    expect(health('ctc-fixture')).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
    expect(health('ctc-fixture').lastFailure?.reason).toMatch(/timed out|2000 ms/u);

    // Crash: the model's (restarted) process dies in the middle of a call.
    const model = lent.at(-1) as unknown as SherpaRecognizerModel;
    expect((await model.recognize(fixtureSpeech(ctc, ['कब']))).text).toBe('कब'); // restarts it, well
    expect(await crashDuring(model.processId!, chain.transcribe(note, {}))).toMatchObject({ text: 'from the API' });
    expect(health('ctc-fixture').state).toBe('open');
    expect(health('ctc-fixture').lastFailure?.reason).toMatch(/stopped|SIGKILL/u);

    // Open: the model is passed over without being called; the API serves at once.
    const calls = lent.length;
    const skippedAt = Date.now();
    expect((await chain.transcribe(note, {})).text).toBe('from the API');
    expect(Date.now() - skippedAt).toBeLessThan(1900);
    expect(lent.length).toBe(calls);

    // Half-open after the wait: one test call finds the model well again and closes the breaker.
    expect((await model.recognize(fixtureSpeech(ctc, ['कब']))).text).toBe('कब'); // its process restarted beforehand, for the same reason as the load
    await new Promise((r) => setTimeout(r, 1100));
    expect((await chain.transcribe(note, {})).text).toBe('स्कूल कब खुलेगा');
    expect(health('ctc-fixture')).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('cuts off a hanging voice at its timeout and opens its breaker; the embedded voice reads meanwhile', async () => {
    const chain = new ChainedSpeechSynthesizer({ links: [speakLink(speech.synthesizer, { path: 'local-model', name: 'local voice' })], lastResort: embedded });
    const request = { text: 'school kab khulega.', language: 'hi' };
    const well = await chain.synthesize(request);
    expect(well.sampleRate).toBe(22_050);
    const voicePid = lastPid();

    process.kill(voicePid!, 'SIGSTOP');
    expect((await chain.synthesize(request)).sampleRate).toBe(8_000);
    expect(await gone(voicePid)).toBe(true);
    expect(health('vits-fixture')).toMatchObject({ state: 'closed', consecutiveFailures: 1 });

    // Its restarted process crashes in the middle of a sentence: the second failure in a row opens the breaker.
    const voice = lent.at(-1) as unknown as SherpaVoiceModel;
    expect((await voice.generate('kab')).samples.length).toBeGreaterThan(0); // restarts it, well
    expect((await crashDuring(voice.processId!, chain.synthesize(request))).sampleRate).toBe(8_000);
    expect(health('vits-fixture').state).toBe('open');

    // Open: the voice is passed over at once, the embedded voice reads.
    const skippedAt = Date.now();
    expect((await chain.synthesize(request)).sampleRate).toBe(8_000);
    expect(Date.now() - skippedAt).toBeLessThan(1500);
  });
});
