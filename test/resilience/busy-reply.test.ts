import { beforeAll, describe, expect, it } from 'vitest';
import { answerChatRequest } from '../../src/core/answer-chat-request.js';
import { Pipeline } from '../../src/core/pipeline.js';
import type { ReplyChannel } from '../../src/core/reply-channel.js';
import type { TranslateResult } from '../../src/core/ports.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { createJobSteps, MemoryStepLog } from '../../src/jobs/job-steps.js';
import { BackendPolicy } from '../../src/resilience/backend-policy.js';
import { ChainedSimplifier, simplifyLink } from '../../src/resilience/chained-simplifier.js';
import { ChainedSpeechRecognizer } from '../../src/resilience/chained-speech-recognizer.js';
import { ChainedTranslator, translateLink } from '../../src/resilience/chained-translator.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { FaultInjectingSimplifier } from './helpers/fault-injecting-backend.js';

const TEXT = 'The Ganga is a long river. It is 2525 km long. It flows past Patna and Varanasi.';

/** A channel that records what the user would see. */
function recordingChannel(): ReplyChannel & { notices: string[]; parts: string[]; progress: string[] } {
  const channel = {
    uiLanguage: 'en',
    notices: [] as string[],
    parts: [] as string[],
    progress: [] as string[],
    sendProgress: async (text: string) => (channel.progress.push(text), 'p1'),
    editProgress: async (_h: string, text: string) => void channel.progress.push(text),
    chatAction: async () => undefined,
    renderReply: (body: string, footer: string) => [`${body}\n\n${footer}`],
    sendPart: async (part: string) => void channel.parts.push(part),
    sendVoice: async () => undefined,
    sendNotice: async (text: string) => void channel.notices.push(text),
  };
  return channel;
}

/** A local model whose only slot is taken by another chat's request (held open until `release`). */
function fullPolicy(name: string): { policy: BackendPolicy; release: () => void } {
  const policy = new BackendPolicy({ name, timeoutMs: 60_000, bulkhead: { concurrency: 1, queue: 0 } });
  let release!: () => void;
  void policy.execute(() => new Promise<void>((resolve) => (release = resolve)));
  return { policy, release };
}

let ruleBased: RuleBasedSimplifier;

beforeAll(async () => {
  ruleBased = new RuleBasedSimplifier();
  await ruleBased.simplify({ text: 'Warm up.', language: 'en', grade: 5 });
});

function pipeline(parts: { simplifier: ChainedSimplifier; translator: ChainedTranslator }): Pipeline {
  return new Pipeline({
    accept: acceptInput,
    limits: { maxBytes: 1e6, maxPdfPages: 5, maxImagePixels: 1e7, maxDocxUncompressedBytes: 1e7, maxDocxCompressionRatio: 100, maxTextChars: 10_000, maxAudioSeconds: 60 },
    extractors: [new PlainTextExtractor()],
    recognizer: new ChainedSpeechRecognizer({ links: [] }),
    simplifier: parts.simplifier,
    translator: parts.translator,
    validator: new TextValidator(),
    synthesizer: { synthesize: async () => ({ samples: new Float32Array(4800), sampleRate: 48_000 }) },
    encoder: { encode: async () => Buffer.from('OggS') },
  });
}

describe('a full bulkhead in a chat reply', () => {
  it('gives the short busy reply when no other path can translate, without throwing (so no retry loop)', async () => {
    const local = new FaultInjectingSimplifier();
    const translating = fullPolicy('local-model fake-1b');
    let translatorCalls = 0;
    const translator = { translate: async (): Promise<TranslateResult> => (translatorCalls++, { text: 'x', language: 'hi', backend: { path: 'local-model', name: 'local model' } }) };
    const channel = recordingChannel();
    const result = await answerChatRequest(
      { input: { kind: 'text', text: TEXT }, grade: 5, targetLanguage: 'hi', sourceLanguage: 'en' },
      {
        pipeline: pipeline({
          simplifier: new ChainedSimplifier({ links: [simplifyLink(local, { path: 'local-model', name: 'local model fake-1b' })], ruleBased }),
          translator: new ChainedTranslator({ links: [translateLink(translator, { path: 'local-model', name: 'local model fake-1b', policy: translating.policy })] }),
        }),
        channel,
        steps: await createJobSteps('job-busy', new MemoryStepLog()),
        signal: new AbortController().signal,
      },
    );
    expect(result).toBeNull();
    expect(channel.notices).toEqual(['I am busy right now. Please try again in a minute.']);
    expect(channel.parts).toEqual([]);
    expect(channel.progress.at(-1)).toBe('Could not finish ❌');
    expect(translatorCalls).toBe(0);
    translating.release();
  });

  it('answers a simplification at once from the rule-based path and says the model was busy', async () => {
    const local = new FaultInjectingSimplifier();
    const simplifying = fullPolicy('local-model fake-1b');
    const channel = recordingChannel();
    const started = performance.now();
    const result = await answerChatRequest(
      { input: { kind: 'text', text: TEXT }, grade: 5, targetLanguage: null, sourceLanguage: 'en' },
      {
        pipeline: pipeline({
          simplifier: new ChainedSimplifier({ links: [simplifyLink(local, { path: 'local-model', name: 'local model fake-1b', policy: simplifying.policy })], ruleBased }),
          translator: new ChainedTranslator({ links: [] }),
        }),
        channel,
        steps: await createJobSteps('job-busy-2', new MemoryStepLog()),
        signal: new AbortController().signal,
      },
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(local.backendState.calls).toBe(0);
    expect(result?.simplified.backend.path).toBe('rule-based');
    expect(result?.simplified.attempts).toMatchObject([
      { path: 'local-model', outcome: 'skipped', reason: 'busy: 1 running, 0 waiting' },
      { path: 'rule-based', outcome: 'served' },
    ]);
    expect(channel.notices).toEqual([]);
    expect(channel.parts).toHaveLength(1);
    expect(channel.parts[0]).toMatch(/Made by the built-in rule-based simplifier\. · Local model: busy, try again in a minute$/);
    simplifying.release();
  });
});
