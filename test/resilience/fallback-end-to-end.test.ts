import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/load-config.js';
import { operatorHints, replyFooter } from '../../src/core/answer-chat-request.js';
import type { SimplifyResult } from '../../src/core/ports.js';
import type { ProcessResult } from '../../src/core/report.js';
import { ModelPool } from '../../src/models/model-pool.js';
import { ModelSimplifier } from '../../src/models/model-simplifier.js';
import type { TextGenerator } from '../../src/models/text-generator.js';
import { TierRouter } from '../../src/models/tier-router.js';
import { createBackendPolicies, createFallbackServices, type FallbackServices } from '../../src/resilience/create-fallback-services.js';
import { declineSimplifier, localModelSimplifyLink } from '../../src/resilience/local-model-links.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { captureLogger } from '../remote/helpers/capture-logger.js';
import { chatAnswer, fencedData, startFakeOpenAiServer } from '../remote/helpers/fake-openai-server.js';
import { FaultInjectingBackend } from './helpers/fault-injecting-backend.js';
import { oneFakeModel } from './helpers/fake-tier-models.js';

const KEY = 'sk-e2e-secret-key-987654321';
const TEXT = 'The Ganga is a long river. It is 2525 km long. It flows past Patna and Varanasi.';
const request = { text: TEXT, language: 'en', grade: 5 };

let server: Awaited<ReturnType<typeof startFakeOpenAiServer>>;
let services: FallbackServices;
const local = new FaultInjectingBackend();
const models = oneFakeModel(local);
const capture = captureLogger('info');
const apiUp = () => server.setHandler('/chat/completions', (r) => chatAnswer(fencedData(r)));
const apiCalls = () => server.requests.filter((r) => r.path === '/chat/completions').length;

function asProcessResult(result: SimplifyResult): ProcessResult {
  return { simplified: { ...result, grade: 5, language: 'en' }, translated: null, warnings: [], notices: [] } as unknown as ProcessResult;
}

/** The footer a chat reply carries for a simplification result: which path served, nothing for the operator. */
function footer(result: SimplifyResult): string {
  return replyFooter(asProcessResult(result), 'en');
}

/** Why the other paths did not serve: for the operator's log, /healthz and --json, not the chat. */
function hints(result: SimplifyResult): string[] {
  return operatorHints(asProcessResult(result));
}

beforeAll(async () => {
  server = await startFakeOpenAiServer({});
  apiUp();
  // Seconds are the settings' unit: 1 s timeouts and a 1 s half-open wait keep the walk short.
  const config = loadConfig({
    REMOTE_API_BASE_URL: server.baseUrl,
    REMOTE_API_KEY: KEY,
    REMOTE_API_CHAT_MODEL: 'chat-test',
    REMOTE_API_TIMEOUT_SECONDS: '1',
    LLM_TIMEOUT_SECONDS: '1',
    BREAKER_HALF_OPEN_SECONDS: '1',
  });
  const { policies, modelGuard } = createBackendPolicies(config, capture.logger);
  const validator = new TextValidator();
  const modelSimplifier = new ModelSimplifier({
    models: modelGuard.decorate(models),
    pool: new ModelPool<TextGenerator>({ budgetBytes: 1_000_000 }),
    router: new TierRouter(),
    validator,
    fallback: declineSimplifier,
    timeoutMs: config.llmTimeoutSeconds * 1000,
  });
  const ruleBased = new RuleBasedSimplifier();
  // The first rule-based call loads WordNet and word frequencies (about a second): not what is measured here.
  await ruleBased.simplify({ text: 'Warm up.', language: 'en', grade: 5 });
  services = createFallbackServices({
    config,
    policies,
    validator,
    ruleBased,
    embeddedVoice: { synthesize: async () => Promise.reject(new Error('not used')) },
    local: { simplify: [localModelSimplifyLink(modelSimplifier)] },
    logger: capture.logger,
  });
});

afterAll(async () => {
  await server.close();
});

describe('local model -> remote API -> rule-based, end to end', () => {
  it('serves from the local model while it is healthy, without calling the API', async () => {
    const result = await services.simplifier.simplify(request);
    expect(result.backend).toMatchObject({ path: 'local-model', model: 'fake-1b', tier: 'SMALL' });
    expect(result.attempts).toMatchObject([{ path: 'local-model', model: 'fake-1b', outcome: 'served' }]);
    expect(apiCalls()).toBe(0);
    expect(local.calls).toBe(1);
  });

  it('answers from the API while the local model crashes, then stops calling the local model after 3 failures', async () => {
    local.fault = 'crash';
    for (let i = 1; i <= 3; i++) {
      const result = await services.simplifier.simplify(request);
      expect(result.backend).toEqual({ path: 'remote-api', name: 'remote API', model: 'chat-test' });
      expect(result.text).toBe(TEXT);
      expect(result.attempts).toMatchObject([
        { path: 'local-model', model: 'fake-1b', tier: 'SMALL', outcome: 'failed', reason: 'failed: llama_decode failed: the model crashed' },
        { path: 'remote-api', model: 'chat-test', outcome: 'served' },
      ]);
    }
    expect(local.calls).toBe(4);
    expect(services.health().backends['local-model fake-1b']).toMatchObject({ state: 'open', consecutiveFailures: 3 });

    const fourth = await services.simplifier.simplify(request);
    // Straight to the API: the local backend was not touched (no call, no load).
    expect(local.calls).toBe(4);
    expect(models.loads).toBe(1);
    expect(fourth.backend.path).toBe('remote-api');
    expect(fourth.attempts).toMatchObject([
      { path: 'local-model', model: 'fake-1b', tier: 'SMALL', outcome: 'skipped', reason: 'circuit open' },
      { path: 'remote-api', outcome: 'served' },
    ]);
    expect(footer(fourth)).toBe('Made by the remote API (chat-test).');
    expect(hints(fourth)).toEqual(['Local model: paused after repeated failures']);
  });

  it('with the API down too, the rule-based path answers within 2 s and the operator is told why', async () => {
    server.setHandler('/chat/completions', () => ({ status: 503, json: { error: { code: 'overloaded' } } }));
    const started = performance.now();
    const result = await services.simplifier.simplify(request);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(2000);
    expect(result.backend.path).toBe('rule-based');
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.attempts).toMatchObject([
      { path: 'local-model', outcome: 'skipped', reason: 'circuit open' },
      { path: 'remote-api', outcome: 'failed', reason: 'HTTP 503 (overloaded)' },
      { path: 'rule-based', outcome: 'served' },
    ]);
    expect(footer(result)).toBe('Made by the built-in rule-based simplifier.');
    expect(hints(result)).toEqual(['Local model: paused after repeated failures; Remote API: not working']);
  });

  it('after recovery the local model serves again (half-open test, then closed)', async () => {
    local.fault = 'none';
    apiUp();
    const before = apiCalls();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const result = await services.simplifier.simplify(request);
    expect(result.backend).toMatchObject({ path: 'local-model', model: 'fake-1b' });
    expect(local.calls).toBe(5);
    expect(apiCalls()).toBe(before);
    expect(services.health().backends['local-model fake-1b']).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    const changes = capture.lines().filter((l) => l.backend === 'local-model fake-1b' && typeof l.state === 'string').map((l) => l.state);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('a local model that hangs is cut off at its timeout and the API answers', async () => {
    local.fault = 'hang-ignoring-abort';
    const started = performance.now();
    const result = await services.simplifier.simplify(request);
    const elapsed = performance.now() - started;
    expect(result.backend.path).toBe('remote-api');
    expect(result.attempts?.[0]).toMatchObject({ path: 'local-model', outcome: 'failed' });
    expect(result.attempts?.[0]?.reason).toMatch(/timed out/);
    // Local timeout (1 s) + one quick API call, with room for a loaded 2-core machine.
    expect(elapsed).toBeLessThan(2000);
    // The hang counts against the model's breaker (a hang that never counted would never open it).
    expect(services.health().backends['local-model fake-1b']).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
    local.fault = 'none';
  });

  it('reports every backend on /healthz without the key, and the key never reached a log', () => {
    const health = services.health();
    expect(health.remoteApi).toEqual({ host: new URL(server.baseUrl).host, chatModel: 'chat-test', transcribeModel: null, speechModel: null });
    expect(Object.keys(health.backends).sort()).toEqual(['local-model fake-1b', 'remote-api chat']);
    expect(health.backends['remote-api chat']).toMatchObject({ state: 'closed', bulkhead: { concurrency: 4, queue: 16 } });
    expect(JSON.stringify(health)).not.toContain(KEY);
    expect(capture.text()).not.toContain(KEY);
    expect(capture.text()).not.toContain('Varanasi');
  });
});
