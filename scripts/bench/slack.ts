/**
 * Slack adapter benchmark: 10 teachers send a chapter PDF in a DM at the same moment, over real
 * HTTP with real signatures, against the project's fake Slack Web API. Prints event -> ack
 * (the HTTP 200) and event -> final reply (voice note uploaded and progress marked done), and
 * the process's peak RSS. Run: node --import tsx scripts/bench/slack.ts [--teachers 10] [--rounds 3]
 *
 * The pipeline is the service's default one (composeServices) when it loads; otherwise the
 * project's real parts without OCR (intake, PDF text layer, validation, espeak-ng, Ogg/Opus)
 * with a pass-through simplifier. The line "pipeline:" says which ran.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.js';
import { startHttpServer } from '../../adapters/web/http-server.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import type { ServiceRuntime } from '../../src/app/service-runtime.js';
import { makeTextPdf } from '../fixtures/make-documents.js';
import { BOT_TOKEN, startFakeSlackApi } from '../../test/slack/fake-slack-api.js';
import { eventEnvelope, nextEventId, postSigned, SIGNING_SECRET } from '../../test/slack/slack-harness.js';
import { createTestPipeline, TEST_LIMITS } from '../../test/slack/slack-test-pipeline.js';
import { testServiceRuntime } from '../../test/support/test-service-runtime.js';

const { values } = parseArgs({ options: { teachers: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });
const teachers = Number(values.teachers);
const rounds = Number(values.rounds);

const CHAPTER = [
  'The water cycle is the continuous movement of water on, above and below the surface of the Earth.',
  'Water evaporates from oceans, lakes and rivers when the sun heats it, and the vapour rises into the atmosphere.',
  'As the vapour rises it cools and condenses into tiny droplets, which gather to form clouds.',
  'When the droplets grow heavy they fall back to the ground as rain, snow or hail, which is called precipitation.',
  'Some of this water flows over the land into rivers, some soaks into the soil as groundwater, and plants take up the rest.',
];

let peakRss = process.memoryUsage().rss;
let acceptCpuMsPerEvent = 0;
const acceptOnly = await measureAcceptanceOnly();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);

const fake = await startFakeSlackApi();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-slack-bench-'));
const config = loadConfig({ ...process.env, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_APP_TOKEN: '', SLACK_API_URL: fake.apiUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', RESULT_CACHE_MAX_BYTES: '0' }); // every chat sends the same page: the cache would answer all but the first
const logger = createLogger('warn');
let runtime: ServiceRuntime;
let pipelineName: string;
try {
  const { createServiceRuntime } = await import('../../src/app/service-runtime.js');
  runtime = await createServiceRuntime(config, logger);
  pipelineName = 'default (composeServices)';
} catch (err) {
  runtime = testServiceRuntime(config, logger, createTestPipeline().pipeline, TEST_LIMITS);
  pipelineName = `project parts without OCR, pass-through simplifier (composeServices did not load: ${String(err).split('\n')[0]})`;
}
const adapter = createSlackAdapter(runtime);
const http = await startHttpServer({ port: 0, host: '127.0.0.1', health: adapter, routers: adapter.routes() });
await runtime.queue.start();
await adapter.start();
const eventsUrl = `http://127.0.0.1:${http.port}/slack/events`;
const pdf = await makeTextPdf(CHAPTER);

// One warm-up job so that loading espeak-ng and libav is not billed to the first teacher.
await runRound(1, 'warmup');

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const acks: number[] = [];
const replies: number[] = [];
for (let round = 0; round < rounds; round++) {
  const result = await runRound(teachers, `r${round}`);
  acks.push(...result.acks);
  replies.push(...result.replies);
}
loopDelay.disable();
const stats = runtime.queue.stats();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log(`pipeline: ${pipelineName}`);
console.log(`machine: ${os.cpus().length} cores, Node ${process.version}; JOB_CONCURRENCY=${config.jobConcurrency}; ${teachers} teachers x ${rounds} rounds, one ${pdf.length}-byte PDF each`);
console.log(`load average at start: ${os.loadavg()[0]!.toFixed(1)} (other processes share these cores)`);
console.log(`acceptance only (pipeline held, ${teachers} teachers x 2 events at once): event -> ack ${summary(acceptOnly)}; CPU ${acceptCpuMsPerEvent.toFixed(1)} ms per event (client, fake Slack and service share this process)`);
console.log(`event -> ack (HTTP 200):   ${summary(acks)}`);
console.log(`event -> final reply:      ${summary(replies)}`);
// Acks wait for the event loop: CPU-bound pipeline stages on the main thread show up here.
console.log(`event-loop delay while jobs ran: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`);
console.log(`jobs: ${stats.done} done, ${stats.failed} failed; Web API calls: ${fake.calls.length}; uploads: ${fake.uploads.length}`);
console.log(`peak RSS: ${(peakRss / 1e6).toFixed(0)} MB (sampled every 25 ms; process max ${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB)`);

await adapter.stop();
await runtime.queue.stop(10_000);
await http.close();
await runtime.close();
await fake.close();
rmSync(dataDir, { recursive: true, force: true });

/**
 * The adapter's own cost: every teacher sends two events at once while the pipeline is held at a
 * gate, so no CPU-bound stage competes with the acknowledgements.
 */
async function measureAcceptanceOnly(): Promise<number[]> {
  const api = await startFakeSlackApi();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-slack-bench-'));
  const cfg = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl, DATA_DIR: dir, LOG_LEVEL: 'warn' });
  const held = createTestPipeline();
  held.hold();
  const rt = testServiceRuntime(cfg, createLogger('warn'), held.pipeline, TEST_LIMITS);
  const slack = createSlackAdapter(rt);
  const server = await startHttpServer({ port: 0, host: '127.0.0.1', health: slack, routers: slack.routes() });
  await rt.queue.start();
  await slack.start();
  const url = `http://127.0.0.1:${server.port}/slack/events`;
  const send = async (i: number) => {
    const event = { type: 'message', channel: `DACC${i % teachers}`, channel_type: 'im', user: `UACC${i % teachers}`, text: 'Plants make their food from sunlight, water and air.', ts: `1700200000.${String(i).padStart(6, '0')}` };
    const response = await postSigned(url, JSON.stringify(eventEnvelope(event, nextEventId())), 'application/json');
    if (response.status !== 200) throw new Error(`ack status ${response.status}`);
    return response.ms;
  };
  // Warm the code paths (first SQLite statements, Bolt's first authorize) one at a time.
  for (let i = 0; i < 3; i++) await send(1000 + i);
  const cpuBefore = process.cpuUsage();
  const times = await Promise.all(Array.from({ length: teachers * 2 }, (_, i) => send(i)));
  const cpu = process.cpuUsage(cpuBefore);
  acceptCpuMsPerEvent = (cpu.user + cpu.system) / 1000 / times.length;
  held.release();
  await slack.stop();
  await rt.queue.stop(30_000);
  await server.close();
  await rt.close();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
  return times;
}

/** All teachers send at once; resolves when every reply is complete. */
async function runRound(count: number, tag: string): Promise<{ acks: number[]; replies: number[] }> {
  const sends = Array.from({ length: count }, async (_, i) => {
    const channel = `D${tag.toUpperCase()}T${i}`;
    const ts = `${1_700_100_000 + i}.${tag.length}000${i}`;
    const file = fake.hostFile({ id: `F${tag}${i}`, name: `chapter-${i}.pdf`, mimetype: 'application/pdf', bytes: pdf });
    const event = { type: 'message', subtype: 'file_share', channel, channel_type: 'im', user: `U${tag}${i}`, text: '', ts, files: [file] };
    const started = performance.now();
    const ack = await postSigned(eventsUrl, JSON.stringify(eventEnvelope(event, nextEventId())), 'application/json');
    if (ack.status !== 200) throw new Error(`ack status ${ack.status}`);
    const ackMs = performance.now() - started;
    await fake.waitFor(() => {
      const progress = fake.messages.find((m) => m.channel === channel && m.thread_ts === ts);
      return progress && fake.updates.some((u) => u.ts === progress.ts && /Done|Could not finish/.test(u.text)) && fake.uploads.some((u) => u.channel_id === channel);
    }, 600_000);
    return { ackMs, replyMs: performance.now() - started };
  });
  const results = await Promise.all(sends);
  return { acks: results.map((r) => r.ackMs), replies: results.map((r) => r.replyMs) };
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
  return `min ${fmt(sorted[0]!)}, p50 ${fmt(at(0.5))}, p95 ${fmt(at(0.95))}, max ${fmt(sorted.at(-1)!)} (n=${values.length})`;
}
