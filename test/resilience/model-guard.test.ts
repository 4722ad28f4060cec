import { describe, expect, it } from 'vitest';
import { isBusyError, isTranslationFailed } from '../../src/core/errors.js';
import type { TranslateResult } from '../../src/core/ports.js';
import type { TierModels } from '../../src/models/local-models.js';
import { ModelPool } from '../../src/models/model-pool.js';
import { ModelTranslator } from '../../src/models/model-translator.js';
import type { TextGenerator } from '../../src/models/text-generator.js';
import { TierRouter } from '../../src/models/tier-router.js';
import { BackendPolicies } from '../../src/resilience/backend-policies.js';
import { ChainedTranslator, translateLink } from '../../src/resilience/chained-translator.js';
import { declineTranslator, localModelTranslateLink } from '../../src/resilience/local-model-links.js';
import { ModelGuard } from '../../src/resilience/model-guard.js';
import type { Validator } from '../../src/core/ports.js';
import { FaultInjectingBackend } from './helpers/fault-injecting-backend.js';
import { oneFakeModel } from './helpers/fake-tier-models.js';

// Translation output cannot be compared word for word with its source; this test is about routing.
const acceptAll: Validator = { validate: () => ({ passed: true, checks: [] }) };
const request = { text: 'The Ganga is 2525 km long.', from: 'en', to: 'hi' };

function setup(models: TierModels, options: { concurrency?: number; queue?: number; failures?: number } = {}) {
  const policies = new BackendPolicies({ failures: options.failures ?? 3, halfOpenAfterMs: 60_000 });
  const guard = new ModelGuard({ policies, timeoutMs: 2_000, bulkhead: { concurrency: options.concurrency ?? 1, queue: options.queue ?? 0 } });
  const local = new ModelTranslator({ models: guard.decorate(models), pool: new ModelPool<TextGenerator>({ budgetBytes: 1_000_000 }), router: new TierRouter(), validator: acceptAll, fallback: declineTranslator, timeoutMs: 5_000 });
  let apiCalls = 0;
  const api = { translate: async (): Promise<TranslateResult> => (apiCalls++, { text: 'गंगा 2525 किमी लंबी है।', language: 'hi', backend: { path: 'remote-api', name: 'remote API', model: 'm' } }) };
  return { policies, guard, local, api, apiCalls: () => apiCalls };
}

describe('ModelGuard around the local model translator', () => {
  it('serves from the local model, its tier attempts in the report', async () => {
    const backend = new FaultInjectingBackend();
    const { local } = setup(oneFakeModel(backend));
    const result = await new ChainedTranslator({ links: [localModelTranslateLink(local)] }).translate(request);
    expect(result?.backend).toMatchObject({ path: 'local-model', model: 'fake-1b', tier: 'SMALL' });
    expect(result?.attempts).toMatchObject([{ path: 'local-model', model: 'fake-1b', tier: 'SMALL', outcome: 'served' }]);
  });

  it('moves on to the API when no local model is installed, and says so', async () => {
    const none: TierModels = { anyInstalled: async () => false, candidates: async () => Promise.reject(new Error('not asked')) };
    const { local, api } = setup(none);
    const result = await new ChainedTranslator({ links: [localModelTranslateLink(local), translateLink(api, { path: 'remote-api', name: 'remote API', model: 'm' })] }).translate(request);
    expect(result?.backend.path).toBe('remote-api');
    expect(result?.attempts).toMatchObject([
      { path: 'local-model', outcome: 'skipped', reason: 'no local model installed for this task' },
      { path: 'remote-api', outcome: 'served' },
    ]);
  });

  it('says "busy" when the only model is full and no API is configured, and uses the API when there is one', async () => {
    const backend = new FaultInjectingBackend();
    const { local, guard, api, apiCalls } = setup(oneFakeModel(backend));
    let release!: () => void;
    const held = guard.policyFor('fake-1b').execute(() => new Promise<void>((resolve) => (release = resolve)));
    const err = await new ChainedTranslator({ links: [localModelTranslateLink(local)] }).translate(request).catch((e: unknown) => e);
    expect(isBusyError(err)).toBe(true);
    const viaApi = await new ChainedTranslator({ links: [localModelTranslateLink(local), translateLink(api, { path: 'remote-api', name: 'remote API', model: 'm' })] }).translate(request);
    expect(viaApi?.backend.path).toBe('remote-api');
    expect(viaApi?.attempts?.[0]).toMatchObject({ path: 'local-model', model: 'fake-1b', outcome: 'skipped', reason: 'busy: 1 running, 0 waiting' });
    expect(apiCalls()).toBe(1);
    expect(backend.calls).toBe(0);
    release();
    await held;
  });

  it('counts crashing loads against the model\'s breaker and then stops loading it', async () => {
    let loads = 0;
    const crashingLoad: TierModels = {
      anyInstalled: async () => true,
      candidates: async () => ({
        SMALL: { tier: 'SMALL', installed: true, fits: true, model: 'broken-1b', bytes: 10, resource: { id: 'broken-1b', bytes: 10, load: async () => (loads++, Promise.reject(new Error('GGUF tensor data is truncated'))) } },
        MEDIUM: { tier: 'MEDIUM', installed: false, fits: false },
        LARGE: { tier: 'LARGE', installed: false, fits: false },
      }),
    };
    const { local, policies } = setup(crashingLoad, { failures: 2 });
    const chain = new ChainedTranslator({ links: [localModelTranslateLink(local)] });
    // An installed model that fails is "translation failed, try later", not "no translation installed".
    const failure = () => chain.translate(request).then(() => null, (e: unknown) => e);
    for (let i = 0; i < 2; i++) expect(isTranslationFailed(await failure())).toBe(true);
    expect(loads).toBe(2);
    expect(policies.health()['local-model broken-1b']).toMatchObject({ state: 'open', lastFailure: { reason: 'failed: GGUF tensor data is truncated' } });
    const whileOpen = await failure();
    expect(isTranslationFailed(whileOpen)).toBe(true);
    expect(loads).toBe(2);
  });

  it('cuts off a generation that hangs at the guard\'s timeout, with the abort passed down', async () => {
    const backend = new FaultInjectingBackend();
    backend.fault = 'hang';
    const { local, api } = setup(oneFakeModel(backend));
    const started = performance.now();
    const result = await new ChainedTranslator({ links: [localModelTranslateLink(local), translateLink(api, { path: 'remote-api', name: 'remote API', model: 'm' })] }).translate(request);
    expect(performance.now() - started).toBeLessThan(3_500);
    expect(result?.backend.path).toBe('remote-api');
    expect(result?.attempts?.[0]?.reason).toMatch(/timed out/);
    expect(backend.signals[0]?.aborted).toBe(true);
  });
});
