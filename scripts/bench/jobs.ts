/**
 * Jobs benchmark (issue 8). Prints:
 *
 * 1. Throughput: jobs per minute with 1 and with 2 worker processes (`serve --role worker`, one
 *    job at a time each) behind one ingress (`serve --role ingress`, Telegram webhook) and a
 *    real redis-server, on the rule-based path: each job is a different short page of text, so
 *    the result cache never answers; the service simplifies it, speaks it (espeak-ng) and encodes
 *    the voice note. The replies go to the project's fake Bot API in this process, which times
 *    them: from the first webhook POST to the last voice note. Each worker first answers two
 *    warm-up jobs (loading the simplifier's word lists and the voice).
 * 2. The cost of durability: end-to-end latency of jobs run one after another, from enqueue()
 *    to the job's last visible step recorded, through the in-memory runner, the embedded SQLite
 *    store (an fsync per commit) and BullMQ on Redis: for a job that only records its three
 *    visible steps (the bare cost), and for a real chat job (the composed pipeline on a short
 *    text, reply and voice note, with its steps) in memory vs SQLite.
 *
 *   node --import tsx scripts/bench/jobs.ts [--jobs 30] [--latency-jobs 200] [--pipeline-jobs 20]
 *
 * Needs Debian's redis-server on the PATH (or REDIS_URL). Figures are this machine's; run it idle.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type RedisClientType } from '@keyv/redis';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { composeServices } from '../../src/app/compose.js';
import { CachedPipeline } from '../../src/cache/cached-pipeline.js';
import { answerChatRequest } from '../../src/core/answer-chat-request.js';
import type { JobHandler, JobQueue, JobRecord } from '../../src/core/job.js';
import type { ReplyChannel } from '../../src/core/reply-channel.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue.js';
import { DurableJobQueue } from '../../src/jobs/durable-job-queue.js';
import { InMemoryJobQueue } from '../../src/jobs/in-memory-job-queue.js';
import { RedisDedupeStore } from '../../src/stores/redis-dedupe-store.js';
import { RedisJobIndex } from '../../src/stores/redis-job-index.js';
import { RedisStepLog } from '../../src/stores/redis-step-log.js';
import { openSqliteDatabase } from '../../src/stores/sqlite-database.js';
import { SqliteJobStore } from '../../src/stores/sqlite-job-store.js';
import { SqliteResultStore } from '../../src/stores/sqlite-result-store.js';
import { photoOfText, SAMPLE_TEXTS } from '../fixtures/page-photo.js';
import { startTestRedis, type TestRedis } from '../../test/durability/helpers/redis-server.js';
import { metricValue, startService, type ServiceProcess } from '../../test/durability/helpers/service-process.js';
import { FakeBotApi } from '../../test/telegram/fake-bot-api.js';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '30' }, 'latency-jobs': { type: 'string', default: '200' }, 'pipeline-jobs': { type: 'string', default: '20' } } });
const JOBS = Number(values.jobs);
const LATENCY_JOBS = Number(values['latency-jobs']);
const PIPELINE_JOBS = Number(values['pipeline-jobs']);
const logger = createLogger('silent');
const temp: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `shikshasetu-bench-jobs-${name}-`));
  temp.push(dir);
  return dir;
};

/** A different short school page per job: the cache never answers, the work is the same size. */
function page(n: number): string {
  return `Lesson ${n}. The water cycle moves water between the land, the sea and the sky. The sun heats water in rivers and oceans, and it rises as vapour. High in the air the vapour cools and forms clouds. When the drops in a cloud grow heavy, they fall as rain or snow, and the water flows back to the sea.`;
}

const redis: TestRedis = await startTestRedis();
try {
  console.log(`redis-server: ${redis.source === 'spawned' ? 'started for this run' : 'the one at REDIS_URL'}; ${os.cpus().length} CPU cores, Node ${process.version}`);
  console.log('\n1. Throughput on the rule-based path (Telegram webhook -> ingress -> BullMQ -> workers -> fake Bot API)');
  for (const workers of [1, 2]) {
    const load = os.loadavg()[0]!;
    const perMinute = await throughput(workers);
    console.log(`   ${workers} worker process${workers > 1 ? 'es' : ''} (JOB_CONCURRENCY=1 each): ${perMinute.jobsPerMinute.toFixed(1)} jobs/min (${JOBS} jobs in ${(perMinute.ms / 1000).toFixed(1)} s; per job p50 ${perMinute.p50.toFixed(0)} ms from POST to voice note; jobs per worker ${perMinute.perWorker.join('/')}; load average before ${load.toFixed(1)})`);
  }

  console.log(`\n2. Cost of durability: enqueue -> done, jobs one after another (median / p95 of ${LATENCY_JOBS})`);
  const stepsOnly = stepsOnlyHandler();
  const all = runners();
  const bare = await latency(await Promise.all(all.map(([, make]) => make())), stepsOnly, LATENCY_JOBS);
  for (const [i, [name]] of all.entries()) {
    console.log(`   steps only (3 recorded steps, no work), ${name.padEnd(28)} median ${bare[i]!.p50.toFixed(2)} ms, p95 ${bare[i]!.p95.toFixed(2)} ms`);
  }
  const config = loadConfig({ DATA_DIR: tempDir('pipeline'), MODELS_DIR: tempDir('models'), LOG_LEVEL: 'silent' });
  const services = await composeServices(config, logger);
  try {
    const chat = chatJobHandler(services.pipeline);
    // The first jobs load the simplifier's word lists and the voice: not what is measured.
    await latency([new InMemoryJobQueue({ dedupe: memoryDedupe(), logger })], chat, 3);
    // Taking turns job by job, so a busier moment of the machine falls on both alike.
    const chosen = runners().slice(0, 2);
    const results = await latency(await Promise.all(chosen.map(([, make]) => make())), chat, PIPELINE_JOBS);
    for (const [i, [name]] of chosen.entries()) {
      console.log(`   chat job (pipeline + voice note),          ${name.padEnd(28)} median ${results[i]!.p50.toFixed(1)} ms, p95 ${results[i]!.p95.toFixed(1)} ms`);
    }

    console.log('\n3. Result cache: the same page photo sent again (pipeline + voice note, embedded SQLite cache)');
    await resultCache(services.pipeline);
  } finally {
    await services.close();
  }
} finally {
  await redis.stop();
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
}

/** One page photo answered in full (a miss), then the same bytes again (hits): wall time of each. */
async function resultCache(pipeline: Awaited<ReturnType<typeof composeServices>>['pipeline']): Promise<void> {
  const store = new SqliteResultStore({ file: path.join(tempDir('cache'), 'cache.sqlite'), maxBytes: 200_000_000 });
  const cached = new CachedPipeline({ inner: pipeline, store, servingFingerprint: async () => 'bench' });
  const photo = (await photoOfText(SAMPLE_TEXTS.en!, {}, { seed: 11 })).jpeg;
  const run = async () => {
    const started = performance.now();
    await cached.run({ bytes: photo, grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: true });
    return performance.now() - started;
  };
  try {
    const miss = await run();
    const hits = [];
    for (let i = 0; i < 20; i++) hits.push(await run());
    hits.sort((a, b) => a - b);
    console.log(`   first time (miss): ${miss.toFixed(0)} ms; again (hit): median ${hits[10]!.toFixed(1)} ms, max ${hits.at(-1)!.toFixed(1)} ms (20 hits)`);
  } finally {
    await store.close?.();
  }
}

async function throughput(workerCount: number): Promise<{ jobsPerMinute: number; ms: number; p50: number; perWorker: number[] }> {
  const fake = await FakeBotApi.start();
  const hook = '/telegram/hook';
  const secret = 'bench-webhook-secret-0123456789';
  const env = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: `https://bench.example.test${hook}`,
    TELEGRAM_WEBHOOK_SECRET: secret,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `bench${randomUUID().slice(0, 8)}`,
    MODELS_DIR: tempDir('no-models'),
    JOB_CONCURRENCY: '1',
    MAX_QUEUED_JOBS: '1000',
    USER_MAX_PER_MINUTE: '1000',
    LOG_LEVEL: 'warn',
  };
  const processes: ServiceProcess[] = [];
  try {
    const start = (role: 'ingress' | 'worker', n: number) =>
      startService({ name: `${role}-${n}`, args: ['--role', role], env: { ...env, LOG_LEVEL: 'info', DATA_DIR: tempDir(role) }, readyLog: role === 'ingress' ? /telegram adapter started/u : /worker started/u });
    processes.push(...(await Promise.all([start('ingress', 1), ...Array.from({ length: workerCount }, (_, i) => start('worker', i + 1))])));
    const ingress = processes[0]!;
    let nextUpdate = 1;
    const post = async (chatId: number, text: string) => {
      const response = await fetch(`http://127.0.0.1:${ingress.port}${hook}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify({ update_id: nextUpdate++, ...fake.message(chatId, { text }) }),
      });
      await response.body?.cancel();
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    };
    const voiceAt = (chatId: number) => fake.callsOf('sendVoice', chatId).find((c) => c.ok)?.at;

    const warmUp = Array.from({ length: workerCount * 2 }, (_, i) => 900_000 + i);
    await Promise.all(warmUp.map((chat, i) => post(chat, page(10_000 + i))));
    await fake.waitFor(() => warmUp.every((c) => voiceAt(c) !== undefined), 300_000, 'the warm-up jobs');

    const chats = Array.from({ length: JOBS }, (_, i) => 100_000 + i);
    const postedAt = new Map<number, number>();
    const started = performance.now();
    for (const [i, chat] of chats.entries()) {
      postedAt.set(chat, performance.now());
      await post(chat, page(i));
    }
    await fake.waitFor(() => chats.every((c) => voiceAt(c) !== undefined), 900_000, 'every voice note');
    const last = Math.max(...chats.map((c) => voiceAt(c)!));
    const ms = last - started;
    const each = chats.map((c) => voiceAt(c)! - postedAt.get(c)!).sort((a, b) => a - b);
    // Warm-up jobs included: each worker's share of all the jobs it ran (counted a moment after the last reply).
    const counts = () => Promise.all(processes.slice(1).map(async (w) => metricValue(await w.metrics(), 'shikshasetu_job_runs_total', { outcome: 'done' })));
    let perWorker = await counts();
    for (let i = 0; i < 50 && perWorker.reduce((a, b) => a + b, 0) < JOBS + warmUp.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      perWorker = await counts();
    }
    return { jobsPerMinute: JOBS / (ms / 60_000), ms, p50: each[Math.floor(each.length / 2)]!, perWorker };
  } finally {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    await fake.close();
  }
}

type Runner = [string, () => Promise<JobQueue & { close?: () => Promise<void> }>];

function runners(): Runner[] {
  return [
    ['in-memory runner', async () => new InMemoryJobQueue({ dedupe: memoryDedupe(), logger, concurrency: 1 })],
    ['SQLite store (fsync/commit)', async () => {
      const db = openSqliteDatabase(path.join(tempDir('sqlite'), 'jobs.sqlite'), { synchronous: 'FULL' });
      const queue = new DurableJobQueue({ store: new SqliteJobStore(db), logger, concurrency: 1 });
      return Object.assign(queue, { close: async () => void db.close() });
    }],
    ['BullMQ on Redis', async () => {
      const prefix = `lat${randomUUID().slice(0, 8)}`;
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      const shared = createClient({ url: redis.url }) as RedisClientType;
      await shared.connect();
      const queue = new BullmqJobQueue({ connection, prefix, role: { ingress: true, worker: true }, dedupe: new RedisDedupeStore(shared, prefix), steps: new RedisStepLog(connection, prefix), index: new RedisJobIndex(connection, prefix), logger, concurrency: 1, maxQueued: 100_000 });
      return Object.assign(queue, { close: async () => { await connection.quit(); await shared.close(); } });
    }],
  ];
}

/** Runs `count` jobs on each queue, one job at a time, taking turns; returns enqueue -> last step percentiles in ms per queue. */
async function latency(queues: Array<JobQueue & { close?: () => Promise<void> }>, handler: JobHandler<{ n: number }> & { done: Map<number, () => void> }, count: number): Promise<Array<{ p50: number; p95: number }>> {
  for (const queue of queues) {
    queue.register('bench', handler);
    await queue.start();
  }
  const times: number[][] = queues.map(() => []);
  let n = 0;
  try {
    for (let round = 0; round < count; round++) {
      for (const [i, queue] of queues.entries()) {
        const id = n++;
        const finished = new Promise<void>((resolve) => handler.done.set(id, resolve));
        const job: JobRecord<{ n: number }> = { id: `bench:${randomUUID()}`, platform: 'bench', orderingKey: `chat:${id % 7}`, userKey: `user:${id % 7}`, payload: { n: id }, createdAt: Date.now() };
        const t = performance.now();
        if ((await queue.enqueue(job)) !== 'accepted') throw new Error('job not accepted');
        await finished;
        times[i]!.push(performance.now() - t);
      }
    }
  } finally {
    for (const queue of queues) {
      await queue.stop(5000);
      await queue.close?.();
    }
  }
  return times.map((list) => {
    list.sort((a, b) => a - b);
    return { p50: list[Math.floor(list.length / 2)]!, p95: list[Math.min(list.length - 1, Math.floor(list.length * 0.95))]! };
  });
}

function stepsOnlyHandler(): JobHandler<{ n: number }> & { done: Map<number, () => void> } {
  const done = new Map<number, () => void>();
  return {
    done,
    async run(job, steps) {
      await steps.once('progress', async () => 'handle');
      await steps.once('text-0', async () => null);
      await steps.once('voice', async () => null);
      done.get(job.payload.n)?.();
    },
    async failed() {},
  };
}

function chatJobHandler(pipeline: Awaited<ReturnType<typeof composeServices>>['pipeline']): JobHandler<{ n: number }> & { done: Map<number, () => void> } {
  const done = new Map<number, () => void>();
  const channel: ReplyChannel = {
    uiLanguage: 'en',
    sendProgress: async () => 'handle',
    editProgress: async () => undefined,
    chatAction: async () => undefined,
    renderReply: (body, footer) => [`${body}\n\n${footer}`],
    sendPart: async () => undefined,
    sendVoice: async () => undefined,
    sendNotice: async () => undefined,
  };
  return {
    done,
    async run(job, steps, signal) {
      await answerChatRequest({ input: { kind: 'text', text: page(job.payload.n + 50_000) }, grade: 5, targetLanguage: null, sourceLanguage: 'auto' }, { pipeline, channel, steps, signal });
      done.get(job.payload.n)?.();
    },
    async failed() {},
  };
}

function memoryDedupe() {
  const seen = new Set<string>();
  return {
    markIfNew: async (id: string) => !seen.has(id) && Boolean(seen.add(id)),
    has: async (id: string) => seen.has(id),
  };
}
