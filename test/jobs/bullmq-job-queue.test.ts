import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from '@keyv/redis';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import type { JobHandler } from '../../src/core/job.js';
import { BullmqJobQueue, bullJobId, type BullmqJobQueueOptions } from '../../src/jobs/bullmq-job-queue.js';
import { createJobSteps } from '../../src/jobs/job-steps.js';
import { RedisDedupeStore } from '../../src/stores/redis-dedupe-store.js';
import { RedisJobIndex } from '../../src/stores/redis-job-index.js';
import { RedisStepLog } from '../../src/stores/redis-step-log.js';
import { noTestRedis, startTestRedis, type TestRedis } from '../durability/helpers/redis-server.js';
import { job, recordingHandler, until, type RecordingHandler } from './helpers/recording-handler.js';

const logger = createLogger('silent');
let redis: TestRedis;
let shared: RedisClientType;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  redis = await startTestRedis();
  shared = createClient({ url: redis.url }) as RedisClientType;
  await shared.connect();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await shared?.close();
  await redis?.stop();
});

/** One "process": its own connections, queue and handler, sharing Redis under the test's prefix. */
async function node(prefix: string, role: BullmqJobQueueOptions['role'], handler: JobHandler<Record<string, unknown>>, options: Partial<BullmqJobQueueOptions> = {}) {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new BullmqJobQueue({
    connection,
    prefix,
    role,
    dedupe: new RedisDedupeStore(shared, prefix),
    steps: new RedisStepLog(connection, prefix),
    index: new RedisJobIndex(connection, prefix),
    logger,
    retryBaseMs: 50,
    statsEveryMs: 100,
    ...options,
  });
  queue.register('test', handler);
  await queue.start();
  cleanups.push(async () => {
    await queue.stop(2000);
    await connection.quit();
  });
  return queue;
}

const prefix = () => `t${randomUUID().slice(0, 8)}`;

async function bullState(p: string, id: string): Promise<{ state: string; reason: string | undefined }> {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue('jobs', { connection, prefix: p });
  try {
    const found = await queue.getJob(bullJobId(id));
    return { state: await queue.getJobState(bullJobId(id)), reason: found?.failedReason };
  } finally {
    await queue.close();
    await connection.quit();
  }
}

describe.skipIf(noTestRedis())('BullmqJobQueue on Redis', () => {
  it('makes one job of one id offered by two ingress processes at once; a worker runs it once', async () => {
    const p = prefix();
    let hooks = 0;
    const handler: RecordingHandler = recordingHandler();
    const withHook = { ...handler, accepted: async () => void (hooks += 1) };
    const [a, b] = await Promise.all([node(p, { ingress: true, worker: false }, withHook), node(p, { ingress: true, worker: false }, withHook)]);
    const outcomes = await Promise.all([a.enqueue(job('same', 'c1')), b.enqueue(job('same', 'c1'))]);
    expect(outcomes.sort()).toEqual(['accepted', 'duplicate']);
    await node(p, { ingress: false, worker: true }, handler);
    await until(() => handler.events.includes('end same'), 15_000, 'the job');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(handler.events.filter((e) => e === 'start same')).toHaveLength(1);
    expect(hooks).toBe(1);
    expect(await a.enqueue(job('same', 'c1'))).toBe('duplicate');
  });

  it('runs one chat\'s jobs one at a time and in order across two workers, other chats alongside', async () => {
    const p = prefix();
    const handler = recordingHandler({ ms: (id) => (id === 'a1' ? 600 : 30) });
    const ingress = await node(p, { ingress: true, worker: false }, handler);
    for (const [id, chat] of [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b']] as const) expect(await ingress.enqueue(job(id, chat))).toBe('accepted');
    await Promise.all([node(p, { ingress: false, worker: true }, handler, { concurrency: 2 }), node(p, { ingress: false, worker: true }, handler, { concurrency: 2 })]);
    await until(() => handler.events.filter((e) => e.startsWith('end')).length === 4, 20_000, 'four jobs');
    expect(handler.events.filter((e) => e.startsWith('end a'))).toEqual(['end a1', 'end a2', 'end a3']);
    expect(handler.maxPerChat.get('chat:a')).toBe(1);
    expect(handler.events.indexOf('end b1')).toBeLessThan(handler.events.indexOf('end a1'));
    // Handed over as soon as the head finished, not after the 30 s wait of a delayed job.
    expect(await bullState(p, 'a3')).toMatchObject({ state: 'completed' });
  });

  it('parks a job that fails every run after maxAttempts, apologises once, and frees the user', async () => {
    const p = prefix();
    const handler = recordingHandler({ fail: () => true });
    const queue = await node(p, { ingress: true, worker: true }, handler, { maxAttempts: 2 });
    await queue.enqueue(job('bad', 'c', 'u1'));
    expect(await queue.inFlight('user:u1')).toBe(1);
    await until(() => handler.failures.length === 1, 15_000, 'the apology');
    await until(async () => (await bullState(p, 'bad')).state === 'failed', 5000, 'the parked state');
    expect(handler.events.filter((e) => e === 'start bad')).toHaveLength(2);
    expect(handler.failures).toEqual([{ id: 'bad', reason: 'run 2 of bad failed' }]);
    expect((await bullState(p, 'bad')).reason).toBe('Error: run 2 of bad failed');
    expect(await queue.inFlight('user:u1')).toBe(0);
  });

  it('counts runs that died with their worker: past maxAttempts the job is parked, not run', async () => {
    const p = prefix();
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    cleanups.push(() => connection.quit());
    // Three runs started and never finished, as three crashed workers leave the counter.
    const index = new RedisJobIndex(connection, p);
    for (let i = 0; i < 3; i++) await index.countRun(bullJobId('crashy'));
    const handler = recordingHandler();
    const queue = await node(p, { ingress: true, worker: true }, handler, { maxAttempts: 3 });
    await queue.enqueue(job('crashy', 'c'));
    await until(() => handler.failures.length === 1, 15_000, 'the apology');
    expect(handler.events).toEqual([]);
    expect(handler.failures[0]!.reason).toBe('the process running it stopped 3 times');
  });

  it('on stop puts a job still running after the grace period back, uncounted; another worker sends only what is missing', async () => {
    const p = prefix();
    const first = recordingHandler({ hang: () => true });
    // One run allowed: counting the interrupted run would park the job instead of finishing it.
    const ingress = await node(p, { ingress: true, worker: false }, first, { maxAttempts: 1 });
    const worker = await node(p, { ingress: false, worker: true }, first, { maxAttempts: 1 });
    await ingress.enqueue(job('long', 'c'));
    await until(() => first.sent.includes('long:progress'), 15_000, 'the first run');
    await worker.stop(300);
    const second = recordingHandler();
    await node(p, { ingress: false, worker: true }, second, { maxAttempts: 1 });
    await until(() => second.events.includes('end long'), 15_000, 'the second worker');
    expect(first.sent).toEqual(['long:progress']);
    expect(second.sent).toEqual(['long:reply']);
    // The interrupted run was taken back: the job is not one run closer to being parked.
    expect(await bullState(p, 'long')).toMatchObject({ state: 'completed' });
  });

  it('counts a user\'s unfinished jobs from Redis, for every ingress process', async () => {
    const p = prefix();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = { run: () => gate, failed: async () => undefined };
    const a = await node(p, { ingress: true, worker: true }, handler);
    const b = await node(p, { ingress: true, worker: false }, handler);
    await a.enqueue(job('u-1', 'c1', 'u'));
    await a.enqueue(job('u-2', 'c2', 'u'));
    expect(await b.inFlight('user:u')).toBe(2);
    release();
    await until(async () => (await b.inFlight('user:u')) === 0, 10_000, 'both jobs done');
  });
});

describe.skipIf(noTestRedis())('JobSteps over the Redis step log', () => {
  it('sends a step once when two processes reach it at the same moment; both get its result', async () => {
    const p = prefix();
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    cleanups.push(() => connection.quit());
    let sends = 0;
    const send = async () => {
      sends += 1;
      await new Promise((resolve) => setTimeout(resolve, 150));
      return 'message-42';
    };
    const [ingressSteps, workerSteps] = await Promise.all([createJobSteps('j', new RedisStepLog(connection, p), { pollMs: 20 }), createJobSteps('j', new RedisStepLog(connection, p), { pollMs: 20 })]);
    expect(await Promise.all([ingressSteps.once('progress', send), workerSteps.once('progress', send)])).toEqual(['message-42', 'message-42']);
    expect(sends).toBe(1);
    const later = await createJobSteps('j', new RedisStepLog(connection, p));
    expect(later.completed()).toEqual(['progress']);
    expect(await later.once('progress', send)).toBe('message-42');
    expect(sends).toBe(1);
  });

  it('lets the other process send when the first one failed to', async () => {
    const p = prefix();
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    cleanups.push(() => connection.quit());
    const steps = await createJobSteps('j', new RedisStepLog(connection, p), { pollMs: 20 });
    await expect(steps.once('progress', () => Promise.reject(new Error('429')))).rejects.toThrow('429');
    const other = await createJobSteps('j', new RedisStepLog(connection, p), { pollMs: 20 });
    expect(await other.once('progress', async () => 'sent-by-the-worker')).toBe('sent-by-the-worker');
  });
});
