/**
 * Telegram benchmark: 10 chats send a photo of a page at the same moment. Prints, per update,
 * the time to the bot's first message ("working on it") and to the final reply (the voice note,
 * which is sent last; the text reply is shown too), as p50/p95/max, and the peak RSS of the
 * service process.
 *
 * Two processes, so the numbers are the service's own. By default (--service dist) the service is
 * `node dist/adapters/cli/main.js serve`, the compiled code a deployment runs (`npm run bench`
 * builds it first), talking to the project's fake Bot API (test/telegram/fake-bot-api.ts) in this
 * process, which pushes the updates and times the answers on its side of the HTTP connection,
 * from the moment each update was made available to getUpdates. The peak RSS is the service
 * process's own high-water mark (VmHWM).
 *
 * --service in-process runs the service in this process instead, from the TypeScript sources
 * through tsx (createServiceRuntime + createTelegramAdapter, as `serve` builds them), with the fake
 * Bot API in a child. tsx's transform and source maps add memory a deployment does not have (the
 * espeak-ng module alone: ~140 MB under tsx, ~50 MB compiled), so use it for latency, not memory.
 * --pipeline test (in-process only) swaps the composed pipeline for the Telegram tests' one (real
 * intake, tesseract.js OCR, espeak-ng voice and Ogg/Opus encoder; the text passed through
 * unsimplified), for when the composition root is being changed.
 *
 *   node --import tsx scripts/bench/telegram.ts [--chats 10] [--rounds 1] [--service dist|in-process] [--pipeline real|test]
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTelegramAdapter } from '../../adapters/telegram/telegram-adapter.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { createServiceRuntime } from '../../src/app/service-runtime.js';
import { describeMemoryMap, peakRssOf, sampleMemoryMap, type MemoryMap } from './memory-map.js';
import { chatBenchPagePhoto, chatBenchServices } from './chat-bench-pipeline.js';
import { childMessages } from './child-messages.js';
import { formatMs, percentileOf, printLatencyRow } from './latency-row.js';

interface Timing {
  chatId: number;
  firstMs: number;
  textMs: number;
  finalMs: number;
  ok: boolean;
}

type ChildMessage = { type: 'ready'; apiRoot: string; token: string } | { type: 'done'; timings: Timing[]; wallMs: number } | { type: 'error'; message: string };
type FakeBotApi = import('../../test/telegram/fake-bot-api.js').FakeBotApi;

const { values } = parseArgs({
  options: {
    chats: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    pipeline: { type: 'string', default: 'real' },
    service: { type: 'string' },
    role: { type: 'string' },
  },
});
const CHATS = Number(values.chats);
const ROUNDS = Number(values.rounds);
const SERVICE = values.service ?? (values.pipeline === 'test' ? 'in-process' : 'dist');
if (SERVICE === 'dist' && values.pipeline === 'test') throw new Error('--pipeline test runs in-process only (the test pipeline is not compiled)');
const ROOT = path.resolve(import.meta.dirname, '../..');
// Every chat sends the same page: the result cache would answer all but the first.
const BENCH_SETTINGS = { TELEGRAM_WEBHOOK_URL: '', RESULT_CACHE_MAX_BYTES: '0' };

if (values.role === 'fake-bot-api') await runFakeBotApi();
else if (SERVICE === 'dist') await runDistService();
else await runService();

/** The compiled service in a child process, the fake Bot API here. */
async function runDistService(): Promise<void> {
  const main = path.join(ROOT, 'dist/adapters/cli/main.js');
  if (!existsSync(main)) throw new Error('no dist/: run `npm run build` first (npm run bench does)');
  const { FakeBotApi } = await import('../../test/telegram/fake-bot-api.js');
  const fake = await FakeBotApi.start();
  const photo = await chatBenchPagePhoto('real');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-bench-telegram-'));
  const env = { ...process.env, ...BENCH_SETTINGS, DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, PORT: '0', LOG_LEVEL: 'info' };
  const config = loadConfig(env);
  const child = spawn(process.execPath, [main, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-200_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const all: Timing[] = [];
  let wall = 0;
  let peakRss: number | null = null;
  let peakMap: MemoryMap | null = null;
  try {
    const started = Date.now();
    while (!/telegram adapter started/u.test(log)) {
      if (child.exitCode !== null || Date.now() - started > 120_000) throw new Error(`the service did not start:\n${log.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const memory = sampleMemoryMap(1000, child.pid!);
    for (let round = 0; round < ROUNDS; round++) {
      const result = await timeRound(fake, photo, round);
      all.push(...result.timings);
      wall += result.wallMs;
      console.log(`round ${round + 1}: ${result.timings.filter((t) => t.ok).length}/${result.timings.length} answered in ${Math.round(result.wallMs)} ms`);
    }
    peakMap = memory.stop();
    peakRss = peakRssOf(child.pid!);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  report(all, wall, config.jobConcurrency, peakRss === null ? 'unknown (no /proc)' : `${(peakRss / 1e6).toFixed(0)} MB (compiled service, its own process)`, peakMap);
}

/** The service here (from the sources, through tsx), the fake Bot API in a child. */
async function runService(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--role', 'fake-bot-api', '--chats', String(CHATS), '--pipeline', String(values.pipeline)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = childMessages<ChildMessage>(child, 'fake Bot API');
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`fake Bot API did not start: ${JSON.stringify(ready)}`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-bench-telegram-'));
  const config = loadConfig({ ...process.env, ...BENCH_SETTINGS, DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: ready.token, TELEGRAM_API_ROOT: ready.apiRoot, LOG_LEVEL: 'warn' });
  const logger = createLogger(config.logLevel || 'info');
  // --pipeline test: the Telegram tests' pipeline instead of the composed one.
  const { services, close: closeTestPipeline } = await chatBenchServices(String(values.pipeline));
  const runtime = await createServiceRuntime(config, logger, services);
  const adapter = createTelegramAdapter(runtime, { pollingTimeoutSec: 5 });
  await runtime.queue.start();
  await adapter.start();

  const all: Timing[] = [];
  let wall = 0;
  const memory = sampleMemoryMap();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      child.send({ type: 'go', round });
      const result = await next();
      if (result.type !== 'done') throw new Error(`round ${round} failed: ${JSON.stringify(result)}`);
      all.push(...result.timings);
      wall += result.wallMs;
      console.log(`round ${round + 1}: ${result.timings.filter((t) => t.ok).length}/${result.timings.length} answered in ${Math.round(result.wallMs)} ms`);
    }
  } finally {
    await adapter.stop();
    await runtime.queue.stop(10_000);
    await runtime.close();
    await closeTestPipeline();
    child.send({ type: 'exit' });
    rmSync(dataDir, { recursive: true, force: true });
  }

  const peakMap = memory.stop();
  report(all, wall, config.jobConcurrency, `${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB (in-process, under tsx)`, peakMap);
}

function report(all: Timing[], wall: number, jobConcurrency: number, peakRss: string, peakMap: MemoryMap | null): void {
  const ok = all.filter((t) => t.ok);
  const answered = all.filter((t) => Number.isFinite(t.firstMs));
  console.log(`\nTelegram: ${CHATS} chats send a page photo at once (${ROUNDS} round(s), ${SERVICE} service, ${values.pipeline} pipeline, ${ok.length}/${all.length} answered with a voice note, JOB_CONCURRENCY=${jobConcurrency}, PIPELINE_THREADS=${process.env.PIPELINE_THREADS ?? 'default'}, ${os.cpus().length} CPUs, Node ${process.version})`);
  printLatencyRow('update -> first bot message', answered.map((t) => t.firstMs));
  printLatencyRow('update -> simplified text', ok.map((t) => t.textMs));
  printLatencyRow('update -> final reply (voice note)', ok.map((t) => t.finalMs));
  console.log(`${'all answered (wall)'.padEnd(34)} ${formatMs(wall)}`);
  console.log(`${'peak RSS of the service'.padEnd(34)} ${peakRss}`);
  if (peakMap) console.log(`${'where it was (1 s samples)'.padEnd(34)} ${describeMemoryMap(peakMap)}`);
  console.log(`target: first message p95 <= 300 ms -> ${percentileOf(answered.map((t) => t.firstMs), 95) <= 300 ? 'met' : 'NOT met'}`);
  process.exit(ok.length === all.length ? 0 : 1);
}

/** Pushes one photo from every chat at once and times, on the Bot API's side, each chat's answers. */
async function timeRound(fake: FakeBotApi, photo: Buffer, round: number): Promise<{ timings: Timing[]; wallMs: number }> {
  const base = 100_000 + round * 1000;
  const chats = Array.from({ length: CHATS }, (_, i) => base + i);
  const started = performance.now();
  const updates = chats.map((chatId) => ({ chatId, updateId: fake.pushUpdate(fake.photoMessage(chatId, photo)) }));
  const voiceFor = (chatId: number) => fake.callsOf('sendVoice', chatId).find((c) => c.ok);
  const endedFor = (chatId: number) => voiceFor(chatId) ?? fake.callsOf('sendMessage', chatId).find((c) => c.ok && /could not|sorry|too big|clearer/i.test(String(c.params.text)));
  await fake.waitFor(() => chats.every((c) => endedFor(c)), 600_000, 'every chat to be answered');
  const wallMs = performance.now() - started;
  const timings: Timing[] = updates.map(({ chatId, updateId }) => {
    const pushed = fake.pushedAt(updateId)!;
    const sent = fake.callsOf('sendMessage', chatId).filter((c) => c.ok);
    const text = sent.find((c) => c.params.parse_mode === 'HTML');
    const voice = voiceFor(chatId);
    return { chatId, firstMs: (sent[0]?.at ?? NaN) - pushed, textMs: (text?.at ?? NaN) - pushed, finalMs: (voice ?? endedFor(chatId))!.at - pushed, ok: voice !== undefined };
  });
  return { timings, wallMs };
}

async function runFakeBotApi(): Promise<void> {
  const { FakeBotApi } = await import('../../test/telegram/fake-bot-api.js');
  const fake = await FakeBotApi.start();
  const photo = await chatBenchPagePhoto(String(values.pipeline));
  process.send!({ type: 'ready', apiRoot: fake.apiRoot, token: fake.token });

  process.on('message', async (msg: { type: string; round?: number }) => {
    if (msg.type === 'exit') {
      await fake.close();
      process.exit(0);
    }
    if (msg.type !== 'go') return;
    try {
      process.send!({ type: 'done', ...(await timeRound(fake, photo, msg.round ?? 0)) });
    } catch (err) {
      process.send!({ type: 'error', message: String(err) });
    }
  });
}
