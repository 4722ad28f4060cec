import { describe, expect, it } from 'vitest';
import { speechPrefix } from '../../src/speak/speech-prefix.js';
import { isInputRefused } from '../../src/core/errors.js';
import type { StageName } from '../../src/core/report.js';
import { TranslationFailedError } from '../../src/core/errors.js';
import { isCacheable } from '../../src/cache/cached-pipeline.js';
import { recordingPipeline } from '../support/recording-pipeline.js';

const pipeline = recordingPipeline;

const TEXT = Array.from({ length: 40 }, (_, i) => `Sentence number ${i + 1} tells the class about the water cycle.`).join(' ');

describe('Pipeline', () => {
  it('runs the stages in order and reports each one', async () => {
    const stages: StageName[] = [];
    const result = await pipeline([]).run({ bytes: Buffer.from(TEXT), grade: 5, targetLanguage: 'ta', sourceLanguage: 'auto', audio: true, onStage: (s) => stages.push(s) });
    expect(stages).toEqual(['reading', 'simplifying', 'translating', 'validating', 'recording']);
    expect(result.extracted).toMatchObject({ language: 'en', method: 'text' });
    expect(result.final.language).toBe('en');
    expect(result.warnings.some((w) => /Translation to Tamil needs a model/.test(w))).toBe(true);
    expect(result.audio?.durationSec).toBeGreaterThan(0);
  });

  it('says translation failed this time (not that a model is needed) when a translator that exists fails, and still answers', async () => {
    const failing = { translate: async () => Promise.reject(new TranslationFailedError('translate: remote API: 503')) };
    const result = await pipeline([], { translator: failing }).run({ bytes: Buffer.from(TEXT), grade: 5, targetLanguage: 'hi', sourceLanguage: 'auto', audio: true });
    expect(result.translated).toBeNull();
    expect(result.final.language).toBe('en');
    expect(result.final.text).toBe(result.simplified.text);
    expect(result.warnings).toContain('Translation to Hindi did not work this time, so the simplified text is in the original language. Please try again later.');
    expect(result.warnings.some((w) => /needs a model/.test(w))).toBe(false);
    expect(result.translationFailure).toBe('translate: remote API: 503');
    // An answer a failing translator shaped is not kept: the next request may be translated.
    expect(isCacheable(result)).toBe(false);
    // Anything else a translator throws still fails the job: it is not a translation outcome.
    const broken = { translate: async () => Promise.reject(new Error('bug')) };
    await expect(pipeline([], { translator: broken }).run({ bytes: Buffer.from(TEXT), grade: 5, targetLanguage: 'hi', sourceLanguage: 'auto', audio: false })).rejects.toThrow('bug');
  });

  it('reads aloud only what fits the voice-note limit, ending at a sentence, and says so', async () => {
    const spoken: string[] = [];
    const result = await pipeline(spoken, { speechText: (t, l) => speechPrefix(t, l, 300) }).run({
      bytes: Buffer.from(TEXT), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: true,
    });
    expect(spoken).toHaveLength(1);
    expect(spoken[0]!.length).toBeLessThanOrEqual(300);
    expect(spoken[0]).toMatch(/[.!?]$/);
    expect(result.final.text.length).toBeGreaterThan(spoken[0]!.length);
    expect(result.warnings).toContain('The voice note reads the first part; the whole text is in the message.');
  });

  it('reads the whole text when it fits, with no note', async () => {
    const spoken: string[] = [];
    const result = await pipeline(spoken, { speechText: (t, l) => speechPrefix(t, l, 100_000) }).run({
      bytes: Buffer.from(TEXT), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: true,
    });
    expect(spoken[0]).toBe(result.final.text);
    expect(result.warnings.join(' ')).not.toMatch(/voice note reads/);
  });

  it('refuses empty input before any stage runs', async () => {
    const error = await pipeline([]).run({ bytes: Buffer.from(''), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: false }).catch((e: unknown) => e);
    expect(isInputRefused(error) && error.code).toBe('empty');
  });
});
