import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpeech, type CtcFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { isInputRefused } from '../../src/core/errors.js';
import type { AcceptedInput } from '../../src/core/ports.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { OpenAiCompatibleClient } from '../../src/remote/openai-compatible-client.js';
import { RemoteSpeechRecognizer } from '../../src/remote/remote-speech-recognizer.js';
import { ChainedSpeechRecognizer, recognizeLink } from '../../src/resilience/chained-speech-recognizer.js';
import { PathDeclinedError } from '../../src/resilience/path-declined-error.js';
import { createSpeechServices } from '../../src/speech/create-speech-services.js';
import { testLimits } from '../telegram/test-pipeline.js';
import { installSpeechFixtures } from './speech-fixture-store.js';

const API = 'http://speech-api.example.test';
let root: string;
let ctc: CtcFixture;
let spoken: AcceptedInput;
let silent: AcceptedInput;
const encoder = new OggOpusEncoder();

/** local sherpa-onnx models (declining when none serves) -> the remote API's transcription -> refusal. */
function chain(modelsDir: string): ChainedSpeechRecognizer {
  const local = createSpeechServices({ modelsDir, maxAudioSeconds: 300, speed: 1, maxSpeechChars: 6000, threads: 1, decline: (reason) => new PathDeclinedError(reason) });
  const remote = new RemoteSpeechRecognizer({ client: new OpenAiCompatibleClient({ baseUrl: `${API}/v1`, maxRetries: 0 }), model: 'whisper-1' });
  return new ChainedSpeechRecognizer({
    links: [recognizeLink(local.recognizer, { path: 'local-model', name: 'local speech model' }), recognizeLink(remote, { path: 'remote-api', name: 'remote API', model: 'whisper-1' })],
  });
}

beforeAll(async () => {
  nock.disableNetConnect();
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-chain-'));
  ctc = (await installSpeechFixtures(path.join(root, 'with-model'), { voiceLanguages: null })).ctc!;
  spoken = await acceptInput(await encoder.encode({ samples: fixtureSpeech(ctc, ['स्कूल', 'कब', 'खुलेगा']), sampleRate: 16_000 }), testLimits());
  silent = await acceptInput(await encoder.encode({ samples: new Float32Array(32_000), sampleRate: 16_000 }), testLimits());
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  nock.enableNetConnect();
  nock.restore();
  await encoder.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('speech recognition through the fallback chain: local model -> remote API -> refusal', () => {
  it('uses the remote transcription API when no local model is installed', async () => {
    const api = nock(API).post('/v1/audio/transcriptions').reply(200, { text: 'स्कूल कब खुलेगा?', language: 'hindi' });
    const heard = await chain(path.join(root, 'empty')).transcribe(spoken, {});
    expect(heard).toEqual({ text: 'स्कूल कब खुलेगा?', language: 'hi' });
    expect(api.isDone()).toBe(true);
  });

  it('uses the local model first, and the API is never called', async () => {
    const api = nock(API).post('/v1/audio/transcriptions').reply(200, { text: 'from the API' });
    const heard = await chain(path.join(root, 'with-model')).transcribe(spoken, {});
    expect(heard).toEqual({ text: 'स्कूल कब खुलेगा', language: 'hi' });
    expect(api.isDone()).toBe(false);
  });

  it('answers silence heard by the local model with no-speech at once, without asking the API', async () => {
    const api = nock(API).post('/v1/audio/transcriptions').reply(200, { text: 'Thank you for watching!' });
    const err = await chain(path.join(root, 'with-model')).transcribe(silent, {}).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('no-speech');
    expect(api.isDone()).toBe(false);
  });

  it("refuses as 'speech-not-installed' when there is neither a local model nor a working API", async () => {
    nock(API).post('/v1/audio/transcriptions').reply(503, { error: { message: 'down' } });
    const err = await chain(path.join(root, 'empty')).transcribe(spoken, {}).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('speech-not-installed');
  });
});
