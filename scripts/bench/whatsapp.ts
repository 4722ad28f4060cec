/**
 * WhatsApp benchmark: 10 users send a photo of a page at the same moment. Prints, per message,
 * the webhook's answer time (POST -> 200, the job stored), the time to the first "working on it"
 * message and to the final reply (the voice note, sent last; the simplified text too), as
 * p50/p95/max, and the peak RSS of the service process.
 *
 * Two processes, so the numbers are the service's own: this one runs the service exactly as
 * `serve` builds it (createServiceRuntime with the real pipeline, createWhatsAppAdapter, the
 * HTTP server with its webhook); a child runs the project's fake Graph API
 * (test/whatsapp/fake-graph-api.ts), posts the webhooks signed with the app secret and times
 * the answers on its side of the HTTP connections, from the moment each POST was sent.
 *
 * A last round, after the timed ones, measures the intake alone: the fake holds every job at its
 * media download while the webhooks' 200s and the "working" messages are timed, so those
 * figures are not mixed with OCR and speech running on the same cores; then the timed rounds run
 * as a user would see them.
 *
 *   node --import tsx scripts/bench/whatsapp.ts [--users 10] [--rounds 1] [--pipeline real|test]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PhaseTimings, type PhaseSummary } from '../../adapters/shared/phase-timings.js';
import { createWhatsAppAdapter } from '../../adapters/whatsapp/whatsapp-adapter.js';
import { startHttpServer } from '../../adapters/web/http-server.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { createServiceRuntime } from '../../src/app/service-runtime.js';
import { chatBenchPagePhoto, chatBenchServices } from './chat-bench-pipeline.js';
import { childMessages } from './child-messages.js';
import { formatMs, percentileOf, printLatencyRow } from './latency-row.js';

interface Timing {
  user: string;
  ackMs: number;
  status: number;
  firstMs: number;
  textMs: number;
  finalMs: number;
  ok: boolean;
}

type ChildMessage = { type: 'ready'; env: Record<string, string> } | { type: 'done'; timings: Timing[]; wallMs: number } | { type: 'drained' } | { type: 'error'; message: string };

const { values } = parseArgs({
  options: { users: { type: 'string', default: '10' }, rounds: { type: 'string', default: '1' }, pipeline: { type: 'string', default: 'real' }, role: { type: 'string' }, webhook: { type: 'string' } },
});
const USERS = Number(values.users);
const ROUNDS = Number(values.rounds);

if (values.role === 'fake-graph-api') await runFakeGraphApi();
else await runService();

async function runService(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--role', 'fake-graph-api', '--users', String(USERS), '--pipeline', String(values.pipeline)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = childMessages<ChildMessage>(child, 'fake Graph API');
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`fake Graph API did not start: ${JSON.stringify(ready)}`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-bench-whatsapp-'));
  // Every user sends the same page: the result cache would answer all but the first.
  const config = loadConfig({ ...process.env, ...ready.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', RESULT_CACHE_MAX_BYTES: '0', PORT: '0' });
  const logger = createLogger(config.logLevel || 'info');
  // --pipeline test: the Telegram tests' pipeline instead of the composed one.
  const { services, close: closeTestPipeline } = await chatBenchServices(String(values.pipeline));
  const runtime = await createServiceRuntime(config, logger, services);
  // The service's own view of each webhook: where its time goes (read, verify, parse, store and,
  // inside store, settings, limit, enqueue), apart from the time it waited for the event loop.
  const timings = new PhaseTimings();
  const adapter = createWhatsAppAdapter(runtime, { webhookTimings: timings });
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const http = await startHttpServer({ port: 0, host: '127.0.0.1', health: adapter, routers: adapter.routes() });
  await runtime.queue.start();
  await adapter.start();

  let timedPhases: Record<string, PhaseSummary> = {};
  let intakePhases: Record<string, PhaseSummary> = {};
  let timedLoop = '';
  let intakeLoop = '';
  const all: Timing[] = [];
  const intakeOnly: Timing[] = [];
  let intakeCpuMs = NaN;
  let wall = 0;
  try {
    loopDelay.enable();
    for (let round = 0; round < ROUNDS; round++) {
      child.send({ type: 'go', round, webhook: `http://127.0.0.1:${http.port}/whatsapp/webhook` });
      const result = await next();
      if (result.type !== 'done') throw new Error(`round ${round} failed: ${JSON.stringify(result)}`);
      all.push(...result.timings);
      wall += result.wallMs;
      console.log(`round ${round + 1}: ${result.timings.filter((t) => t.ok).length}/${result.timings.length} answered in ${Math.round(result.wallMs)} ms`);
    }
    timedPhases = timings.summary();
    timedLoop = loopSummary(loopDelay);
    timings.clear();
    // Then the intake alone, warm: every job waits at its media download while the webhooks and the
    // "working" messages are timed, so neither competes with OCR and speech for the CPU.
    const cpuBefore = process.cpuUsage();
    child.send({ type: 'go', round: 9, hold: true, webhook: `http://127.0.0.1:${http.port}/whatsapp/webhook` });
    const held = await next();
    const cpu = process.cpuUsage(cpuBefore);
    intakePhases = timings.summary();
    intakeLoop = loopSummary(loopDelay);
    intakeCpuMs = (cpu.user + cpu.system) / 1000;
    // The held jobs are released now and run to the end before the service stops.
    child.send({ type: 'release' });
    const drained = await next();
    if (drained.type !== 'drained') throw new Error(`held jobs failed: ${JSON.stringify(drained)}`);
    if (held.type !== 'done') throw new Error(`intake round failed: ${JSON.stringify(held)}`);
    intakeOnly.push(...held.timings);
  } finally {
    await adapter.stop();
    await runtime.queue.stop(10_000);
    await http.close();
    await runtime.close();
    await closeTestPipeline();
    child.send({ type: 'exit' });
    rmSync(dataDir, { recursive: true, force: true });
  }

  const ok = all.filter((t) => t.ok);
  const answered = all.filter((t) => Number.isFinite(t.firstMs));
  console.log(`\nWhatsApp: ${USERS} users send a page photo at once (${ROUNDS} round(s), ${values.pipeline} pipeline, ${ok.length}/${all.length} answered with a voice note, webhooks answered ${all.filter((t) => t.status === 200).length}/${all.length} with 200, JOB_CONCURRENCY=${config.jobConcurrency}, PIPELINE_THREADS=${config.pipelineThreads}, ${os.cpus().length} CPUs, Node ${process.version})`);
  printLatencyRow('intake only: POST -> 200', intakeOnly.map((t) => t.ackMs));
  printLatencyRow('intake only: -> first "working"', intakeOnly.map((t) => t.firstMs));
  console.log(`${'intake only: service CPU'.padEnd(34)} ${(intakeCpuMs / Math.max(1, intakeOnly.length)).toFixed(1)} ms per message (webhook checked, job stored, marked read, "working" sent)`);
  printLatencyRow('webhook POST -> 200 (job stored)', all.map((t) => t.ackMs));
  printLatencyRow('webhook -> first "working" message', answered.map((t) => t.firstMs));
  printLatencyRow('webhook -> simplified text', ok.map((t) => t.textMs));
  printLatencyRow('webhook -> final reply (voice note)', ok.map((t) => t.finalMs));
  console.log(`${'all answered (wall)'.padEnd(34)} ${formatMs(wall)}`);
  console.log('\nInside the service, per webhook (ms; total = request arrived -> 200 sent; store = settings + limit + enqueue + dedupe):');
  printPhases('timed round', timedPhases, timedLoop);
  printPhases('intake only', intakePhases, intakeLoop);
  console.log(`${'peak RSS of the service'.padEnd(34)} ${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB`);
  console.log(`goals: webhook -> 200 p95 <= 100 ms -> ${percentileOf(all.map((t) => t.ackMs), 95) <= 100 ? 'met' : 'NOT met'}; first "working" p95 <= 1 s -> ${percentileOf(answered.map((t) => t.firstMs), 95) <= 1000 ? 'met' : 'NOT met'}`);
  process.exit(ok.length === all.length ? 0 : 1);
}

async function runFakeGraphApi(): Promise<void> {
  const { FakeGraphApi } = await import('../../test/whatsapp/fake-graph-api.js');
  const fake = await FakeGraphApi.start();
  const photo = await chatBenchPagePhoto(String(values.pipeline));
  process.send!({ type: 'ready', env: fake.env() });

  process.on('message', async (msg: { type: string; round?: number; webhook?: string; hold?: boolean }) => {
    if (msg.type === 'exit') {
      await fake.close();
      process.exit(0);
    }
    if (msg.type !== 'go') return;
    try {
      const users = Array.from({ length: USERS }, (_, i) => `9190000${String((msg.round ?? 0) * 100 + i).padStart(5, '0')}`);
      const deliveries = users.map((user) => ({ user, body: fake.delivery(user, [fake.image(fake.addMedia(photo, 'image/jpeg'))]) }));
      const release = msg.hold ? fake.holdMedia() : null;
      if (release) {
        // Warm-up outside the timing: one "help" message takes the webhook path once (HMAC, parse, stores).
        await fake.post(msg.webhook!, fake.delivery('919099999999', [fake.text('help')]));
        await fake.waitFor(() => fake.listsTo('919099999999').length === 2, 60_000, 'the warm-up answer');
      }
      const started = performance.now();
      const acks = await Promise.all(
        deliveries.map(async ({ user, body }) => {
          const sentAt = performance.now();
          const response = await fake.post(msg.webhook!, body);
          return { user, sentAt, ackMs: performance.now() - sentAt, status: response.status };
        }),
      );
      const sent = (user: string) => fake.calls.filter((c) => c.kind === 'message' && c.ok && c.body.to === user);
      const audioFor = (user: string) => sent(user).find((c) => c.body.type === 'audio');
      const endedFor = (user: string) => audioFor(user) ?? sent(user).find((c) => /could not|sorry|too big|clearer/i.test(String((c.body.text as { body?: string } | undefined)?.body ?? '')));
      if (release) {
        await fake.waitFor(() => users.every((u) => sent(u).length > 0), 60_000, 'every "working" message');
        const firsts = new Map(users.map((u) => [u, sent(u)[0]!.at]));
        process.once('message', async () => {
          release();
          await fake.waitFor(() => users.every((u) => endedFor(u)), 600_000, 'every held user to be answered');
          process.send!({ type: 'drained' });
        });
        process.send!({ type: 'done', wallMs: 0, timings: acks.map(({ user, sentAt, ackMs, status }) => ({ user, ackMs, status, firstMs: firsts.get(user)! - sentAt, textMs: NaN, finalMs: NaN, ok: true })) });
        return;
      }
      await fake.waitFor(() => users.every((u) => endedFor(u)), 600_000, 'every user to be answered');
      const wallMs = performance.now() - started;
      const timings: Timing[] = acks.map(({ user, sentAt, ackMs, status }) => {
        const messages = sent(user);
        const text = messages.find((c, i) => i > 0 && c.body.type === 'text');
        const audio = audioFor(user);
        return { user, ackMs, status, firstMs: (messages[0]?.at ?? NaN) - sentAt, textMs: (text?.at ?? NaN) - sentAt, finalMs: endedFor(user)!.at - sentAt, ok: audio !== undefined };
      });
      process.send!({ type: 'done', timings, wallMs });
    } catch (err) {
      process.send!({ type: 'error', message: String(err) });
    }
  });
}

function printPhases(name: string, phases: Record<string, PhaseSummary>, loop: string): void {
  const order = ['read', 'verify', 'parse', 'settings', 'limit', 'enqueue', 'store', 'total'];
  const cells = order.filter((p) => phases[p]).map((p) => `${p} ${phases[p]!.p50}/${phases[p]!.p95}`);
  console.log(`  ${name.padEnd(12)} p50/p95: ${cells.join(', ')}`);
  console.log(`  ${''.padEnd(12)} event-loop delay: ${loop}`);
}

/** The event loop's delay since the last call (what a request waits before its handler runs), then reset. */
function loopSummary(histogram: ReturnType<typeof monitorEventLoopDelay>): string {
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  const text = `p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms`;
  histogram.reset();
  return text;
}
