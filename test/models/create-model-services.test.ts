import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/load-config.js';
import type { Simplifier, SimplifyRequest, SimplifyResult } from '../../src/core/ports.js';
import { createModelServices } from '../../src/models/create-model-services.js';
import { ModelStore } from '../../src/models/model-store.js';
import { pullModel } from '../../src/models/pull/pull-model.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { makeGgufDir } from './helpers/fixtures.js';

const fallback: Simplifier = {
  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    return { text: request.text.toUpperCase(), backend: { path: 'rule-based', name: 'rule-based English simplifier' }, notes: [] };
  },
};

let dir: string;
let fixtures: Awaited<ReturnType<typeof makeGgufDir>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-services-'));
  fixtures = await makeGgufDir([{ name: 'g', seed: 51 }]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await fixtures?.cleanup();
});

describe('createModelServices', () => {
  it('with no model installed: nothing loads, simplification is the fallback, translation declines', async () => {
    const services = createModelServices({ config: loadConfig({ MODELS_DIR: path.join(dir, 'none') }), validator: new TextValidator(), fallbackSimplifier: fallback });
    expect(await services.simplifier.simplify({ text: 'Plants need water.', language: 'en', grade: 3 })).toEqual(await fallback.simplify({ text: 'Plants need water.', language: 'en', grade: 3 }));
    expect(await services.translator.translate({ text: 'Plants need water.', from: 'en', to: 'hi' })).toBeNull();
    expect(services.health()).toMatchObject({ installedModels: [], runtimeStarted: false, pool: { loads: 0, usedBytes: 0 } });
    expect(services.budget.bytes).toBeLessThanOrEqual(8e9);
    await services.close();
  });

  it('with a model installed: routes to it, reports the attempt, shows it loaded, and unloads it on close', async () => {
    const modelsDir = path.join(dir, 'one');
    await pullModel({ id: 'garbage', source: fixtures.files.g!, manifest: { tier: 'SMALL', tasks: ['simplify'], languages: ['en'] } }, { store: new ModelStore(modelsDir), freeDiskBytes: async () => 1e12 });
    const config = loadConfig({ MODELS_DIR: modelsDir, MODEL_MEMORY_BUDGET: '1GB', LLM_THREADS: '1', LLM_GPU: 'off', LLM_MAX_TOKENS: '16', LLM_CONTEXT_SIZE: '1024' });
    const services = createModelServices({ config, validator: new TextValidator(), fallbackSimplifier: fallback });
    const result = await services.simplifier.simplify({ text: 'Plants need water to grow.', language: 'en', grade: 3 });
    expect(result.text).toBe('PLANTS NEED WATER TO GROW.');
    expect(result.routing).toMatchObject({ tier: 'SMALL' });
    // The random-weight model's garbage is rejected by the checks, or cut off at LLM_MAX_TOKENS (a failed path).
    expect(result.attempts?.[0]).toMatchObject({ model: 'garbage', tier: 'SMALL', outcome: expect.stringMatching(/^(rejected|failed)$/u) });
    if (result.attempts?.[0]?.outcome === 'failed') expect(result.attempts[0].reason).toBe('failed: the answer was cut off at the token limit (16 tokens)');
    expect(result.attempts?.[1]).toMatchObject({ path: 'rule-based', outcome: 'served' });
    const health = services.health();
    expect(health).toMatchObject({ installedModels: ['garbage'], runtimeStarted: true, pool: { loads: 1, budgetBytes: 1e9 } });
    expect(health.pool.loaded.map((l) => l.id)).toEqual(['garbage']);
    // Text in a language the model does not list is not sent to it.
    const hindi = await services.simplifier.simplify({ text: 'पौधों को पानी चाहिए।', language: 'hi', grade: 3 });
    expect(hindi.attempts?.[0]).toMatchObject({ path: 'local-model', outcome: 'skipped' });
    await services.close();
    expect(services.health().pool.loaded).toEqual([]);
    expect(services.health().runtimeStarted).toBe(false);
  });
});
