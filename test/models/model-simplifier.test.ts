import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PathAttempt, Simplifier, SimplifyRequest, SimplifyResult } from '../../src/core/ports.js';
import { estimateGgufMemory } from '../../src/models/llama/estimate-gguf-memory.js';
import { LlamaRuntime } from '../../src/models/llama/llama-runtime.js';
import { LlamaTextGenerator } from '../../src/models/llama/llama-text-generator.js';
import { LocalModels, type TierCandidate, type TierModels } from '../../src/models/local-models.js';
import { ModelPool } from '../../src/models/model-pool.js';
import { ModelSimplifier } from '../../src/models/model-simplifier.js';
import { ModelStore } from '../../src/models/model-store.js';
import { ModelTranslator } from '../../src/models/model-translator.js';
import { pullModel } from '../../src/models/pull/pull-model.js';
import type { GenerateRequest, TextGenerator } from '../../src/models/text-generator.js';
import { TierRouter } from '../../src/models/tier-router.js';
import { TIERS, type Tier } from '../../src/models/tiers.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { makeGgufDir } from './helpers/fixtures.js';

const runtime = new LlamaRuntime({ gpu: 'off', threads: 1 });
const validator = new TextValidator();
const router = new TierRouter();
const SOURCE = 'Plants need water and light to grow. Ravi planted 3 seeds in his garden.';

/** The embedded default stands in for the rule-based simplifier: it returns the text as it is. */
class EchoSimplifier implements Simplifier {
  calls = 0;
  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    this.calls++;
    return { text: request.text, backend: { path: 'rule-based', name: 'rule-based English simplifier' }, notes: ['rule-based note'] };
  }
}

let fixtures: Awaited<ReturnType<typeof makeGgufDir>>;
let modelsDir: string;

beforeAll(async () => {
  fixtures = await makeGgufDir([{ name: 'small', seed: 31 }, { name: 'medium', seed: 32, embedding: 48 }]);
  modelsDir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-models-'));
});

afterAll(async () => {
  await runtime.dispose();
  await fixtures?.cleanup();
  await rm(modelsDir, { recursive: true, force: true });
});

function localModels(store: ModelStore, budgetBytes = 1e9): LocalModels {
  return new LocalModels({
    store,
    budgetBytes,
    estimateBytes: async (file) => (await estimateGgufMemory(file, { contextSize: 2048 })).bytes,
    load: (model, signal) => LlamaTextGenerator.load(runtime, { modelId: model.manifest.id, file: model.file, contextSize: 2048, signal }),
  });
}

describe('ModelSimplifier', () => {
  it('with no model installed, is the embedded default, unchanged', async () => {
    const store = new ModelStore(path.join(modelsDir, 'empty'));
    const fallback = new EchoSimplifier();
    const pool = new ModelPool<TextGenerator>({ budgetBytes: 1e9 });
    const simplifier = new ModelSimplifier({ models: localModels(store), pool, router, validator, fallback });
    const expected = await fallback.simplify({ text: SOURCE, language: 'en', grade: 4 });
    const result = await simplifier.simplify({ text: SOURCE, language: 'en', grade: 4 });
    expect(result).toEqual(expected);
    expect(result.attempts).toBeUndefined();
    expect(runtime.started).toBe(false);
    await pool.close();
  });

  it('when a real model output fails validation or is cut off, tries the larger tier, then the fallback serves, and the report says so', async () => {
    const store = new ModelStore(path.join(modelsDir, 'two'));
    for (const [id, tier] of [['small', 'SMALL'], ['medium', 'MEDIUM']] as const) {
      await pullModel({ id: `tiny-${id}`, source: fixtures.files[id]!, manifest: { tier, tasks: ['simplify', 'translate'], languages: [] } }, { store, freeDiskBytes: async () => 1e12 });
    }
    const fallback = new EchoSimplifier();
    const pool = new ModelPool<TextGenerator>({ budgetBytes: 1e9 });
    const simplifier = new ModelSimplifier({ models: localModels(store), pool, router, validator, fallback, maxTokens: 24 });
    const result = await simplifier.simplify({ text: SOURCE, language: 'en', grade: 4, subject: 'history' });

    expect(result.backend).toEqual({ path: 'rule-based', name: 'rule-based English simplifier' });
    expect(result.text).toBe(SOURCE);
    expect(result.notes).toEqual(['rule-based note']);
    expect(result.routing).toMatchObject({ tier: 'SMALL', score: 0.25 });
    expect(result.routing?.reasons.join('\n')).toMatch(/SMALL model tiny-small is installed and fits/u);
    // A random-weight fixture either stops early with garbage (rejected by the checks) or runs on
    // to the token limit (cut off: a failed path); neither is ever served.
    const refused = (model: string, tier: Tier) =>
      expect.toSatisfy((a: PathAttempt) =>
        a.path === 'local-model' && a.model === model && a.tier === tier &&
        ((a.outcome === 'rejected' && /^failed (validation|output check): /u.test(a.reason ?? '')) ||
          (a.outcome === 'failed' && a.reason === 'failed: the answer was cut off at the token limit (24 tokens)')));
    expect(result.attempts).toEqual([
      refused('tiny-small', 'SMALL'),
      refused('tiny-medium', 'MEDIUM'),
      expect.objectContaining({ path: 'rule-based', name: 'rule-based English simplifier', outcome: 'served' }),
    ]);
    expect(fallback.calls).toBe(1);
    expect(pool.stats().loads).toBe(2);
    await pool.close();

    // Translation has no rule-based path: the same garbage is rejected and nothing translates.
    const translatePool = new ModelPool<TextGenerator>({ budgetBytes: 1e9 });
    const translator = new ModelTranslator({ models: localModels(store), pool: translatePool, router, validator, maxTokens: 16 });
    expect(await translator.translate({ text: SOURCE, from: 'en', to: 'hi', grade: 4 })).toBeNull();
    expect(translatePool.stats().loads).toBeGreaterThan(0);
    await translatePool.close();
  });

  it('stops trying models when the time budget is spent and lets the fallback serve', async () => {
    const store = new ModelStore(path.join(modelsDir, 'two'));
    const fallback = new EchoSimplifier();
    const pool = new ModelPool<TextGenerator>({ budgetBytes: 1e9 });
    const simplifier = new ModelSimplifier({ models: localModels(store), pool, router, validator, fallback, timeoutMs: 1 });
    const result = await simplifier.simplify({ text: SOURCE, language: 'en', grade: 4 });
    expect(result.backend.path).toBe('rule-based');
    const local = result.attempts!.filter((a) => a.path === 'local-model');
    expect(local.length).toBeGreaterThan(0);
    for (const a of local) expect(a.outcome === 'skipped' && a.reason === 'time budget spent' || a.outcome === 'failed' && /timed out/u.test(a.reason ?? '')).toBe(true);
    await pool.close();
  });
});

/** A model that answers with the data it was given: its output passes validation. */
class EchoGenerator implements TextGenerator {
  readonly contextSize = 4096;
  disposed = false;
  constructor(
    readonly modelId: string,
    /** Says every answer stopped at maxTokens, as a model cut off at LLM_MAX_TOKENS does. */
    private readonly cutOff = false,
  ) {}
  countTokens(text: string): number {
    return Math.ceil(text.length / 4);
  }
  async generate(request: GenerateRequest) {
    const match = /<<<(DATA-[0-9a-f]+)>>>\n([\s\S]*)\n<<<END-\1>>>/u.exec(request.prompt);
    return { text: match?.[2] ?? '', tokens: this.cutOff ? request.maxTokens : 5, truncated: this.cutOff, ms: 1 };
  }
  async dispose() {
    this.disposed = true;
  }
  [Symbol.asyncDispose]() {
    return this.dispose();
  }
}

function scripted(tiers: Partial<Record<Tier, { fits: boolean; cutOff?: boolean }>>): TierModels {
  return {
    anyInstalled: async () => true,
    candidates: async () => Object.fromEntries(TIERS.map((tier) => {
      const spec = tiers[tier];
      const candidate: TierCandidate = spec
        ? { tier, installed: true, fits: spec.fits, model: `echo-${tier.toLowerCase()}`, bytes: 10, resource: { id: `echo-${tier.toLowerCase()}`, bytes: 10, load: async () => new EchoGenerator(`echo-${tier.toLowerCase()}`, spec.cutOff) } }
        : { tier, installed: false, fits: false };
      return [tier, candidate];
    })) as Record<Tier, TierCandidate>,
  };
}

describe('ModelSimplifier and ModelTranslator routing', () => {
  it('serves from the routed tier and reports the model and tier', async () => {
    const pool = new ModelPool<TextGenerator>({ budgetBytes: 100 });
    const fallback = new EchoSimplifier();
    const simplifier = new ModelSimplifier({ models: scripted({ SMALL: { fits: true }, MEDIUM: { fits: true } }), pool, router, validator, fallback });
    const result = await simplifier.simplify({ text: SOURCE, language: 'en', grade: 4, alsoTranslates: true });
    expect(result.backend).toEqual({ path: 'local-model', name: 'local model echo-medium', model: 'echo-medium', tier: 'MEDIUM' });
    expect(result.routing).toMatchObject({ tier: 'MEDIUM', score: 0.35 });
    expect(result.attempts).toEqual([expect.objectContaining({ model: 'echo-medium', outcome: 'served' })]);
    expect(fallback.calls).toBe(0);
    await pool.close();
  });

  it('an answer cut off at the token limit is a failed path: the next tier serves and the report says why', async () => {
    const pool = new ModelPool<TextGenerator>({ budgetBytes: 100 });
    const fallback = new EchoSimplifier();
    const simplifier = new ModelSimplifier({ models: scripted({ SMALL: { fits: true, cutOff: true }, MEDIUM: { fits: true } }), pool, router, validator, fallback, maxTokens: 300 });
    const result = await simplifier.simplify({ text: SOURCE, language: 'en', grade: 4 });
    expect(result.routing).toMatchObject({ tier: 'SMALL' });
    expect(result.attempts).toEqual([
      expect.objectContaining({ model: 'echo-small', outcome: 'failed', reason: 'failed: the answer was cut off at the token limit (300 tokens)' }),
      expect.objectContaining({ model: 'echo-medium', outcome: 'served' }),
    ]);
    expect(result.backend).toMatchObject({ path: 'local-model', model: 'echo-medium' });

    // With only the cut-off model, the fallback serves, and the translator gives up the same way.
    const alone = new ModelSimplifier({ models: scripted({ SMALL: { fits: true, cutOff: true } }), pool, router, validator, fallback, maxTokens: 300 });
    const served = await alone.simplify({ text: SOURCE, language: 'en', grade: 4 });
    expect(served.backend.path).toBe('rule-based');
    expect(served.attempts?.[0]).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('cut off at the token limit') });
    const translator = new ModelTranslator({ models: scripted({ SMALL: { fits: true, cutOff: true } }), pool, router, validator });
    expect(await translator.translate({ text: SOURCE, from: 'hi', to: 'en', grade: 6 })).toBeNull();
    await pool.close();
  });

  it('records the step down when the wanted tier does not fit the memory budget', async () => {
    const pool = new ModelPool<TextGenerator>({ budgetBytes: 100 });
    const simplifier = new ModelSimplifier({ models: scripted({ SMALL: { fits: true }, LARGE: { fits: false } }), pool, router, validator, fallback: new EchoSimplifier() });
    const long = Array.from({ length: 60 }, () => SOURCE).join('\n\n');
    const result = await simplifier.simplify({ text: long, language: 'en', grade: 11, subject: 'physics', alsoTranslates: true });
    expect(result.routing).toMatchObject({ tier: 'SMALL', requestedTier: 'LARGE' });
    expect(result.routing?.reasons.join('\n')).toMatch(/LARGE: model echo-large does not fit the memory budget[\s\S]*stepped down to SMALL/u);
    expect(result.backend).toMatchObject({ path: 'local-model', tier: 'SMALL' });
    await pool.close();
  });

  it('translates on a local model and says which served', async () => {
    const pool = new ModelPool<TextGenerator>({ budgetBytes: 100 });
    const translator = new ModelTranslator({ models: scripted({ MEDIUM: { fits: true } }), pool, router, validator });
    // The echo "translation" keeps English: the script check rejects it for Hindi, so nothing serves.
    expect(await translator.translate({ text: SOURCE, from: 'en', to: 'hi' })).toBeNull();
    const toEnglish = await translator.translate({ text: SOURCE, from: 'hi', to: 'en', grade: 6 });
    expect(toEnglish).toMatchObject({ language: 'en', backend: { path: 'local-model', model: 'echo-medium', tier: 'MEDIUM' } });
    expect(toEnglish?.routing?.reasons.join('\n')).toContain('also translates: +0.1');
    await pool.close();
  });
});
