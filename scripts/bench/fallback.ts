/**
 * Fallback benchmark: time to an answer when the local model misbehaves, through the production
 * wiring (local model simplifier + per-model guard -> remote API over real HTTP on 127.0.0.1 ->
 * rule-based), for:
 *   1. the local model hangs (ignoring its abort), breaker closed, API healthy — one at a time;
 *   2. the same, 4 requests at once (the model's bulkhead queue and "busy" path);
 *   3. the local model hangs, breaker open, API healthy;
 *   4. the local model hangs, breaker closed, API down (503s, retried) -> rule-based;
 *   5. the local model and the API both hang, breakers closed (the worst case: both timeouts);
 *   6. both breakers open -> rule-based at once;
 *   7. local breaker open, API unreachable (connection refused, retried) -> rule-based.
 * Prints p50/p95/p99/max per scenario and checks p99 < the configured timeouts (local + API) + 1 s.
 *
 *   node --import tsx scripts/bench/fallback.ts [--rounds 30] [--slow-rounds 15] [--local-timeout 1] [--api-timeout 2]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/app/load-config.js';
import type { TierCandidate, TierModels } from '../../src/models/local-models.js';
import { ModelPool } from '../../src/models/model-pool.js';
import { ModelSimplifier } from '../../src/models/model-simplifier.js';
import type { GenerateResult, TextGenerator } from '../../src/models/text-generator.js';
import { TierRouter } from '../../src/models/tier-router.js';
import { createBackendPolicies, createFallbackServices } from '../../src/resilience/create-fallback-services.js';
import { declineSimplifier, localModelSimplifyLink } from '../../src/resilience/local-model-links.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { TextValidator } from '../../src/validate/text-validator.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '30' },
    'slow-rounds': { type: 'string', default: '15' },
    'local-timeout': { type: 'string', default: '1' },
    'api-timeout': { type: 'string', default: '2' },
  },
});
const ROUNDS = Number(values.rounds);
const SLOW_ROUNDS = Number(values['slow-rounds']);
const LOCAL_S = Number(values['local-timeout']);
const API_S = Number(values['api-timeout']);
const BOUND_MS = (LOCAL_S + API_S) * 1000 + 1000;
const TEXT = 'The Ganga is a long river. It is 2525 km long. It flows past Patna and Varanasi.';

type ApiMode = 'ok' | '503' | 'hang';

/** An OpenAI-compatible chat endpoint that echoes the fenced text back, fails, or never answers. */
async function startApi(): Promise<{ url: string; mode: { value: ApiMode }; close: () => Promise<void> }> {
  const mode = { value: 'ok' as ApiMode };
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      if (mode.value === 'hang') return;
      if (mode.value === '503') {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"overloaded"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { messages: Array<{ role: string; content: string }> };
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const data = /<<<(DATA-[0-9a-f]+)>>>\n([\s\S]*)\n<<<END-\1>>>/u.exec(user)?.[2] ?? '';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: data }, finish_reason: 'stop' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    mode,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** One installed model whose generations never finish and ignore their abort: a wedged backend. */
function wedgedModel(): TierModels {
  const generator: TextGenerator = {
    modelId: 'wedged-1b',
    contextSize: 4096,
    countTokens: (text) => Math.ceil(text.length / 4),
    generate: () => new Promise<GenerateResult>(() => undefined),
    dispose: async () => undefined,
    [Symbol.asyncDispose]: async () => undefined,
  };
  const small: TierCandidate = { tier: 'SMALL', installed: true, fits: true, model: 'wedged-1b', bytes: 1000, resource: { id: 'wedged-1b', bytes: 1000, load: async () => generator } };
  return {
    anyInstalled: async () => true,
    candidates: async () => ({ SMALL: small, MEDIUM: { tier: 'MEDIUM', installed: false, fits: false }, LARGE: { tier: 'LARGE', installed: false, fits: false } }),
  };
}

function services(apiUrl: string, failures: number, ruleBased: RuleBasedSimplifier) {
  const config = loadConfig({
    REMOTE_API_BASE_URL: apiUrl,
    REMOTE_API_CHAT_MODEL: 'bench-chat',
    REMOTE_API_TIMEOUT_SECONDS: String(API_S),
    LLM_TIMEOUT_SECONDS: String(LOCAL_S),
    BREAKER_FAILURES: String(failures),
    BREAKER_HALF_OPEN_SECONDS: '3600',
  });
  const { policies, modelGuard } = createBackendPolicies(config);
  const validator = new TextValidator();
  const local = new ModelSimplifier({
    models: modelGuard.decorate(wedgedModel()),
    pool: new ModelPool<TextGenerator>({ budgetBytes: 1_000_000 }),
    router: new TierRouter(),
    validator,
    fallback: declineSimplifier,
    timeoutMs: config.llmTimeoutSeconds * 1000,
  });
  return createFallbackServices({
    config,
    policies,
    validator,
    ruleBased,
    embeddedVoice: { synthesize: async () => Promise.reject(new Error('not used')) },
    local: { simplify: [localModelSimplifyLink(local)] },
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(name: string, fallback: ReturnType<typeof services>, rounds: number, atOnce: number): Promise<boolean> {
  const times: number[] = [];
  const served = new Map<string, number>();
  for (let done = 0; done < rounds; done += atOnce) {
    await Promise.all(Array.from({ length: Math.min(atOnce, rounds - done) }, async () => {
      const started = performance.now();
      const result = await fallback.simplifier.simplify({ text: TEXT, language: 'en', grade: 5 });
      times.push(performance.now() - started);
      served.set(result.backend.path, (served.get(result.backend.path) ?? 0) + 1);
    }));
  }
  times.sort((a, b) => a - b);
  const p99 = percentile(times, 99);
  const ok = p99 < BOUND_MS;
  const f = (n: number) => `${Math.round(n)}`.padStart(6);
  console.log(`${name.padEnd(52)} n=${String(times.length).padStart(3)}  p50 ${f(percentile(times, 50))}  p95 ${f(percentile(times, 95))}  p99 ${f(p99)}  max ${f(times.at(-1)!)} ms  served: ${[...served].map(([k, v]) => `${k} ${v}`).join(', ')}  ${ok ? 'PASS' : 'FAIL'}`);
  return ok;
}

async function main(): Promise<void> {
  console.log(`local model timeout ${LOCAL_S} s, API timeout ${API_S} s: p99 must stay under ${BOUND_MS} ms`);
  const ruleBased = new RuleBasedSimplifier();
  const warm = performance.now();
  await ruleBased.simplify({ text: 'Warm up.', language: 'en', grade: 5 });
  console.log(`(rule-based simplifier warm-up, not measured: ${Math.round(performance.now() - warm)} ms)`);
  const api = await startApi();
  const results: boolean[] = [];

  // Breakers kept closed: a failure threshold above the number of requests.
  results.push(await measure('1. local hangs, breaker closed, API ok', services(api.url, 100, ruleBased), Math.min(SLOW_ROUNDS * 2, 90), 1));
  results.push(await measure('2. same, 4 requests at once', services(api.url, 100, ruleBased), Math.min(ROUNDS, 90), 4));

  const localOpen = services(api.url, 3, ruleBased);
  for (let i = 0; i < 3; i++) await localOpen.simplifier.simplify({ text: TEXT, language: 'en', grade: 5 });
  console.log(`   (local breaker after 3 hangs: ${localOpen.health().backends['local-model wedged-1b']?.state})`);
  results.push(await measure('3. local hangs, breaker open, API ok', localOpen, ROUNDS, 1));

  api.mode.value = '503';
  results.push(await measure('4. local hangs, breaker closed, API down (503)', services(api.url, 100, ruleBased), SLOW_ROUNDS, 1));

  api.mode.value = 'hang';
  results.push(await measure('5. local hangs, API hangs, both breakers closed', services(api.url, 100, ruleBased), SLOW_ROUNDS, 1));

  // failures: 1 — one request that times out on both opens both breakers.
  const bothOpen = services(api.url, 1, ruleBased);
  await bothOpen.simplifier.simplify({ text: TEXT, language: 'en', grade: 5 });
  const states = Object.entries(bothOpen.health().backends).map(([name, h]) => `${name} ${h.state}`).join(', ');
  console.log(`   (after one request: ${states})`);
  results.push(await measure('6. both breakers open', bothOpen, ROUNDS, 1));

  await api.close();
  results.push(await measure('7. local breaker open, API unreachable', localOpen, ROUNDS, 1));

  console.log(results.every(Boolean) ? 'all scenarios within the bound' : 'SOME SCENARIOS EXCEEDED THE BOUND');
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

await main();
