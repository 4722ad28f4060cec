import { describe, expect, it } from 'vitest';
import { BusyError, InputRefusedError, isBusyError, isInputRefused, isTranslationFailed } from '../../src/core/errors.js';
import type { PcmAudio, Simplifier, SimplifyRequest, TranslateResult } from '../../src/core/ports.js';
import { BackendPolicy } from '../../src/resilience/backend-policy.js';
import { ChainedSimplifier, simplifyLink } from '../../src/resilience/chained-simplifier.js';
import { ChainedSpeechRecognizer, recognizeLink } from '../../src/resilience/chained-speech-recognizer.js';
import { ChainedSpeechSynthesizer, speakLink } from '../../src/resilience/chained-speech-synthesizer.js';
import { ChainedTranslator, translateLink } from '../../src/resilience/chained-translator.js';
import { FallbackChain, type ChainLink } from '../../src/resilience/fallback-chain.js';
import { LastResortSimplifier } from '../../src/resilience/last-resort-simplifier.js';
import { PathDeclinedError } from '../../src/resilience/path-declined-error.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { FaultInjectingBackend, FaultInjectingSimplifier } from './helpers/fault-injecting-backend.js';

const TEXT = 'The Ganga is a long river. It is 2525 km long. It flows past Patna and Varanasi.';

function textLink(name: string, backend: FaultInjectingBackend, extra: Partial<ChainLink<string, string>> = {}): ChainLink<string, string> {
  return { path: 'local-model', name, run: (text, signal) => backend.answer(text, signal), ...extra };
}

/** A rule-based stand-in that records it was asked; real rule-based runs in the end-to-end test. */
const echoRules: Simplifier = { simplify: async (r: SimplifyRequest) => ({ text: `rules: ${r.text}`, backend: { path: 'rule-based', name: 'rule-based simplifier' }, notes: [] }) };

describe('FallbackChain', () => {
  it('serves from the first link that answers and records every link before it', async () => {
    const a = new FaultInjectingBackend();
    const b = new FaultInjectingBackend();
    a.fault = 'crash';
    const outcome = await new FallbackChain({ task: 't', links: [textLink('a', a), { ...textLink('b', b), path: 'remote-api', model: 'm1' }] }).run(TEXT);
    expect(outcome.result).toBe(TEXT);
    expect(outcome.link?.name).toBe('b');
    expect(outcome.attempts).toMatchObject([
      { path: 'local-model', name: 'a', outcome: 'failed', reason: 'failed: llama_decode failed: the model crashed' },
      { path: 'remote-api', name: 'b', model: 'm1', outcome: 'served' },
    ]);
    expect(typeof outcome.attempts[1]!.ms).toBe('number');
  });

  it('skips a link whose breaker is open without calling it', async () => {
    const a = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'a', timeoutMs: 1000, failures: 1 });
    a.fault = 'crash';
    await policy.execute((s) => a.answer('x', s)).catch(() => undefined);
    a.fault = 'none';
    const outcome = await new FallbackChain({ task: 't', links: [textLink('a', a, { policy }), textLink('b', new FaultInjectingBackend())] }).run(TEXT);
    expect(a.calls).toBe(1);
    expect(outcome.attempts[0]).toEqual({ path: 'local-model', name: 'a', outcome: 'skipped', reason: 'circuit open' });
    expect(outcome.link?.name).toBe('b');
  });

  it('rejects an answer that fails its check and moves on', async () => {
    const a = new FaultInjectingBackend();
    a.fault = 'drop-numbers';
    const check = (result: string) => (/\d/.test(result) ? { passed: true, reason: 'ok' } : { passed: false, reason: 'failed validation: numbers-kept' });
    const outcome = await new FallbackChain({ task: 't', links: [textLink('a', a, { check }), textLink('b', new FaultInjectingBackend(), { check })] }).run(TEXT);
    expect(outcome.attempts.map((x) => [x.name, x.outcome, x.reason])).toEqual([['a', 'rejected', 'failed validation: numbers-kept'], ['b', 'served', undefined]]);
  });

  it('names the model that answered in a rejected row, as in a served one, and keeps the reasons of tries that failed inside the link', async () => {
    const a = new FaultInjectingBackend();
    a.fault = 'drop-numbers';
    const check = (result: string) => (/\d/.test(result) ? { passed: true, reason: 'ok' } : { passed: false, reason: 'failed validation: numbers-kept' });
    const innerAttempts = () => [
      { path: 'local-model' as const, name: 'local model small', model: 'small', tier: 'SMALL' as const, outcome: 'failed' as const, reason: 'failed: out of memory' },
      { path: 'local-model' as const, name: 'local model medium', model: 'medium', tier: 'MEDIUM' as const, outcome: 'served' as const, ms: 5 },
    ];
    const outcome = await new FallbackChain({ task: 't', links: [textLink('a', a, { check, innerAttempts }), textLink('b', new FaultInjectingBackend())] }).run(TEXT);
    expect(outcome.attempts).toMatchObject([
      { name: 'local model small', model: 'small', outcome: 'failed', reason: 'failed: out of memory' },
      { name: 'local model medium', model: 'medium', tier: 'MEDIUM', outcome: 'rejected', reason: 'failed validation: numbers-kept' },
      { name: 'b', outcome: 'served' },
    ]);
  });

  it('cuts a link off when the time budget runs out and skips the rest', async () => {
    const a = new FaultInjectingBackend();
    const b = new FaultInjectingBackend();
    a.fault = 'hang-ignoring-abort';
    const started = performance.now();
    const outcome = await new FallbackChain({ task: 't', links: [textLink('a', a), textLink('b', b)], budgetMs: 200 }).run(TEXT);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(outcome.result).toBeNull();
    expect(outcome.attempts.map((x) => [x.outcome, x.reason])).toEqual([['failed', 'timed out: the time budget of 200 ms ran out'], ['skipped', 'time budget spent']]);
    expect(b.calls).toBe(0);
  });

  it('takes the attempts a declining link made inside', async () => {
    const inner = [{ path: 'local-model' as const, name: 'local model x', tier: 'SMALL' as const, outcome: 'skipped' as const, reason: 'busy: 1 running, 2 waiting' }];
    const outcome = await new FallbackChain<string, string>({ task: 't', links: [{ path: 'local-model', name: 'local', run: async () => Promise.reject(new PathDeclinedError('declined', inner)) }] }).run(TEXT);
    expect(outcome.attempts).toEqual(inner);
    expect(outcome.busy).toBe(true);
  });

  it('lets a refusal of the input and the caller\'s abort through at once', async () => {
    const b = new FaultInjectingBackend();
    const refusing: ChainLink<string, string> = { path: 'remote-api', name: 'r', run: async () => Promise.reject(new InputRefusedError('no-speech', 'silence')) };
    const refused = await new FallbackChain({ task: 't', links: [refusing, textLink('b', b)] }).run(TEXT).catch((e: unknown) => e);
    expect(isInputRefused(refused)).toBe(true);
    expect(b.calls).toBe(0);
    const controller = new AbortController();
    const hung = new FaultInjectingBackend();
    hung.fault = 'hang';
    const pending = new FallbackChain({ task: 't', links: [textLink('h', hung), textLink('b', b)] }).run(TEXT, controller.signal).catch((e: unknown) => e);
    controller.abort(new Error('shutting down'));
    expect(((await pending) as Error).message).toBe('shutting down');
    expect(b.calls).toBe(0);
  });
});

describe('LastResortSimplifier', () => {
  it('passes the rule-based answer through', async () => {
    expect((await new LastResortSimplifier(echoRules).simplify({ text: 'A b.', language: 'en', grade: 3 })).text).toBe('rules: A b.');
  });

  it('never throws: a failing rule-based simplifier becomes the source sentences with a note', async () => {
    const broken: Simplifier = { simplify: async () => Promise.reject(new RangeError('Invalid array length')) };
    const result = await new LastResortSimplifier(broken).simplify({ text: 'Dr. Rao lives in Pune. He is 70 years old!\n\nदिल्ली बड़ी है। वहाँ बहुत लोग हैं।', language: 'hi', grade: 3 });
    expect(result.text).toBe('Dr. Rao lives in Pune.\nHe is 70 years old!\n\nदिल्ली बड़ी है।\nवहाँ बहुत लोग हैं।');
    expect(result.backend.path).toBe('rule-based');
    expect(result.notes).toEqual(['इस बार यह पाठ सरल नहीं हो सका, इसलिए इसे वाक्य-दर-वाक्य दिया गया है।']);
  });

  it('still lets the caller\'s cancellation through', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const broken: Simplifier = { simplify: async (r) => (r.signal?.throwIfAborted(), echoRules.simplify(r)) };
    await expect(new LastResortSimplifier(broken).simplify({ text: 'x', language: 'en', grade: 3, signal: controller.signal })).rejects.toThrow('cancelled');
  });
});

describe('ChainedSimplifier', () => {
  it('ends in the rule-based path when every link fails, and reports them all', async () => {
    const local = new FaultInjectingSimplifier();
    local.backendState.fault = 'drop-numbers';
    const chained = new ChainedSimplifier({
      links: [simplifyLink(local, { path: 'local-model', name: 'local model fake-1b', model: 'fake-1b', validator: new TextValidator() })],
      ruleBased: echoRules,
    });
    const result = await chained.simplify({ text: TEXT, language: 'en', grade: 5 });
    expect(result.text).toBe(`rules: ${TEXT}`);
    expect(result.backend.path).toBe('rule-based');
    expect(result.attempts).toMatchObject([
      { path: 'local-model', model: 'fake-1b', outcome: 'rejected', reason: 'failed validation: numbers-kept' },
      { path: 'rule-based', outcome: 'served' },
    ]);
  });
});

describe('ChainedTranslator', () => {
  const result = (text: string): TranslateResult => ({ text, language: 'hi', backend: { path: 'remote-api', name: 'remote API', model: 'm' } });

  it('returns the first translation with the attempts', async () => {
    const translated = await new ChainedTranslator({
      links: [translateLink({ translate: async () => null }, { path: 'local-model', name: 'local model' }), translateLink({ translate: async () => result('नमस्ते') }, { path: 'remote-api', name: 'remote API', model: 'm' })],
    }).translate({ text: 'Hello', from: 'en', to: 'hi' });
    expect(translated?.text).toBe('नमस्ते');
    expect(translated?.attempts).toMatchObject([{ path: 'local-model', outcome: 'skipped', reason: 'cannot translate this language pair' }, { path: 'remote-api', outcome: 'served' }]);
  });

  it('returns null when no path can translate this pair, says a path failed when one did, and "busy" when one was full', async () => {
    const declining = translateLink({ translate: async () => null }, { path: 'local-model', name: 'local model' });
    expect(await new ChainedTranslator({ links: [declining] }).translate({ text: 'Hello', from: 'en', to: 'hi' })).toBeNull();
    expect(await new ChainedTranslator({ links: [] }).translate({ text: 'Hello', from: 'en', to: 'hi' })).toBeNull();
    const failing = translateLink({ translate: async () => Promise.reject(new Error('boom')) }, { path: 'remote-api', name: 'remote API' });
    const failed = await new ChainedTranslator({ links: [declining, failing] }).translate({ text: 'Hello', from: 'en', to: 'hi' }).catch((e: unknown) => e);
    expect(isTranslationFailed(failed)).toBe(true);
    expect((failed as Error).message).toBe('translate: remote API: failed: boom');
    const full = translateLink({ translate: async () => Promise.reject(new BusyError('local-model x: busy: 1 running, 2 waiting')) }, { path: 'local-model', name: 'local model' });
    const err = await new ChainedTranslator({ links: [full, failing] }).translate({ text: 'Hello', from: 'en', to: 'hi' }).catch((e: unknown) => e);
    expect(isBusyError(err)).toBe(true);
  });
});

describe('ChainedSpeechRecognizer', () => {
  const voice = { kind: 'voice' as const, mime: 'audio/ogg', bytes: Buffer.from('OggS') };

  it('refuses as speech-not-installed when no path is configured or none could run', async () => {
    const none = await new ChainedSpeechRecognizer({ links: [] }).transcribe(voice, {}).catch((e: unknown) => e);
    expect(isInputRefused(none) && none.code).toBe('speech-not-installed');
    const broken = recognizeLink({ transcribe: async () => Promise.reject(new Error('model file missing')) }, { path: 'local-model', name: 'local speech model' });
    const failed = await new ChainedSpeechRecognizer({ links: [broken] }).transcribe(voice, {}).catch((e: unknown) => e);
    expect(isInputRefused(failed) && failed.code).toBe('speech-not-installed');
    expect((failed as Error).message).toBe('no speech recognition path served (local speech model: failed: model file missing)');
  });

  it('falls back to the next path, passes the hint, and lets "no speech" reach the user', async () => {
    const hints: Array<string | undefined> = [];
    const broken = recognizeLink({ transcribe: async () => Promise.reject(new Error('crash')) }, { path: 'local-model', name: 'local' });
    const api = recognizeLink({ transcribe: async (_i, o) => (hints.push(o.languageHint), { text: 'नमस्ते', language: 'hi' }) }, { path: 'remote-api', name: 'remote API' });
    expect(await new ChainedSpeechRecognizer({ links: [broken, api] }).transcribe(voice, { languageHint: 'hi' })).toEqual({ text: 'नमस्ते', language: 'hi' });
    expect(hints).toEqual(['hi']);
    const silent = recognizeLink({ transcribe: async () => Promise.reject(new InputRefusedError('no-speech', 'silence')) }, { path: 'local-model', name: 'local' });
    const err = await new ChainedSpeechRecognizer({ links: [silent, api] }).transcribe(voice, {}).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('no-speech');
  });
});

describe('ChainedSpeechSynthesizer', () => {
  it('reads with the embedded voice when the other voices fail or return nothing', async () => {
    const espeak = { synthesize: async (): Promise<PcmAudio> => ({ samples: new Float32Array(10), sampleRate: 22050 }) };
    const empty = speakLink({ synthesize: async () => ({ samples: new Float32Array(0), sampleRate: 24000 }) }, { path: 'remote-api', name: 'remote API' });
    const crash = speakLink({ synthesize: async () => Promise.reject(new Error('onnx error')) }, { path: 'local-model', name: 'local voice' });
    const audio = await new ChainedSpeechSynthesizer({ links: [crash, empty], lastResort: espeak }).synthesize({ text: 'Hello', language: 'en' });
    expect(audio.sampleRate).toBe(22050);
    const good = speakLink({ synthesize: async () => ({ samples: new Float32Array(5), sampleRate: 24000 }) }, { path: 'remote-api', name: 'remote API' });
    expect((await new ChainedSpeechSynthesizer({ links: [crash, good], lastResort: espeak }).synthesize({ text: 'Hello', language: 'en' })).sampleRate).toBe(24000);
  });

  it('marks audio read by a later voice because an installed one failed, and only then', async () => {
    const espeak = { synthesize: async (): Promise<PcmAudio> => ({ samples: new Float32Array(10), sampleRate: 22050 }) };
    const crash = speakLink({ synthesize: async () => Promise.reject(new Error('onnx error')) }, { path: 'local-model', name: 'local voice' });
    const absent = speakLink({ synthesize: async () => Promise.reject(new PathDeclinedError('no voice for this language')) }, { path: 'local-model', name: 'local voice' });
    const afterCrash = await new ChainedSpeechSynthesizer({ links: [crash], lastResort: espeak }).synthesize({ text: 'Hello', language: 'en' });
    expect(afterCrash.fallbackFrom).toBe('local voice: failed: onnx error');
    const noVoice = await new ChainedSpeechSynthesizer({ links: [absent], lastResort: espeak }).synthesize({ text: 'Hello', language: 'en' });
    expect(noVoice.fallbackFrom).toBeUndefined();
  });
});
