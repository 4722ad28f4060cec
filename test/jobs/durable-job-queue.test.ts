import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { DurableJobQueue, type DurableJobQueueOptions } from '../../src/jobs/durable-job-queue.js';
import { openSqliteDatabase, type SqliteDatabase } from '../../src/stores/sqlite-database.js';
import { SqliteJobStore } from '../../src/stores/sqlite-job-store.js';
import { job, recordingHandler, until, type RecordingBehaviour } from './helpers/recording-handler.js';

const logger = createLogger('silent');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-durable-queue-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'jobs.sqlite');
}

/** A store on its own connection to the file, as a new process would open it. */
function openStore(file: string): { db: SqliteDatabase; store: SqliteJobStore } {
  const db = openSqliteDatabase(file, { synchronous: 'FULL' });
  cleanups.push(() => void db.close());
  return { db, store: new SqliteJobStore(db) };
}

async function startQueue(file: string, behaviour: RecordingBehaviour = {}, options: Partial<DurableJobQueueOptions> = {}) {
  const { store, db } = openStore(file);
  const handler = recordingHandler(behaviour);
  const queue = new DurableJobQueue({ store, logger, retryBaseMs: 20, ...options });
  queue.register('test', handler);
  await queue.start();
  cleanups.push(() => queue.stop(1000));
  return { queue, handler, store, db };
}

describe('DurableJobQueue on SQLite', () => {
  it('has the job in the file before enqueue resolves, for any other connection to see', async () => {
    const file = tempFile();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { queue } = await startQueue(file, { ms: () => 0 }, {});
    queue.register('test', { run: () => gate, failed: async () => undefined });
    expect(await queue.enqueue(job('j1', 'a'))).toBe('accepted');
    const { db } = openStore(file);
    expect(db.prepare('SELECT id, state FROM jobs').all()).toEqual([{ id: 'j1', state: expect.stringMatching(/queued|running/u) }]);
    release();
    await until(() => queue.stats().done === 1);
  });

  it('writes the jobs enqueued together in one transaction (one commit), each told its own outcome', async () => {
    const file = tempFile();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { queue, store } = await startQueue(file, {}, { maxQueued: 3 });
    queue.register('test', { run: () => gate, failed: async () => undefined });
    const batches: number[] = [];
    const insertMany = store.insertMany.bind(store);
    store.insertMany = (jobs, maxQueued) => {
      batches.push(jobs.length);
      return insertMany(jobs, maxQueued);
    };
    const seen = openStore(file).db;
    // Five webhooks in one turn of the event loop; one id twice; room for three.
    const outcomes = await Promise.all(['b1', 'b2', 'b1', 'b3', 'b4'].map((id) => queue.enqueue(job(id, id))));
    expect(outcomes).toEqual(['accepted', 'accepted', 'duplicate', 'accepted', 'busy']);
    expect(batches).toEqual([5]);
    // Another connection sees the three accepted jobs, in arrival order.
    expect(seen.prepare('SELECT id FROM jobs ORDER BY seq').all()).toEqual([{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }]);
    release();
    await until(() => queue.stats().done === 3);
  });

  it('resumes a job a crash left running: the steps already sent are not sent again', async () => {
    const file = tempFile();
    // What a process killed mid-job leaves behind: the job running (one run counted), its progress step recorded.
    const crashed = openStore(file).store;
    expect(crashed.insert(job('j1', 'a'), 100)).toBe('accepted');
    crashed.startRun('j1');
    crashed.record('j1', 'progress', 'handle-from-the-first-process');

    const { queue, handler, store } = await startQueue(file);
    await until(() => queue.stats().done === 1);
    expect(handler.sent).toEqual(['j1:reply']);
    expect(store.load('j1').get('progress')).toBe('handle-from-the-first-process');
    expect(store.counts()).toMatchObject({ done: 1, queued: 0, running: 0 });
  });

  it('parks a job at once when its failure says retrying cannot help (permanent), telling the handler once', async () => {
    const file = tempFile();
    const { queue, store } = await startQueue(file);
    let runs = 0;
    const failures: unknown[] = [];
    const refusal = Object.assign(new Error('the platform will not deliver to this user'), { permanent: true });
    queue.register('test', {
      run: async () => {
        runs += 1;
        throw refusal;
      },
      failed: async (_job, _steps, error) => void failures.push(error),
    });
    expect(await queue.enqueue(job('p1', 'a'))).toBe('accepted');
    await until(() => queue.stats().failed === 1 && failures.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runs).toBe(1);
    expect(failures).toEqual([refusal]);
    expect(store.counts()).toMatchObject({ parked: 1, queued: 0, running: 0 });
  });

  it('parks a job that fails every run after maxAttempts runs, apologises once, and frees the user', async () => {
    const file = tempFile();
    const { queue, handler, store } = await startQueue(file, { fail: () => true }, { maxAttempts: 3 });
    await queue.enqueue(job('j1', 'a', 'u1'));
    expect(await queue.inFlight('user:u1')).toBe(1);
    await until(() => queue.stats().failed === 1);
    expect(handler.events.filter((e) => e === 'start j1')).toHaveLength(3);
    expect(handler.failures).toEqual([{ id: 'j1', reason: 'run 3 of j1 failed' }]);
    expect(await queue.inFlight('user:u1')).toBe(0);
    expect(store.counts()).toMatchObject({ parked: 1, queued: 0 });
  });

  it('parks a job whose process died in each of its runs instead of running it again', async () => {
    const file = tempFile();
    const crashed = openStore(file).store;
    crashed.insert(job('j1', 'a'), 100);
    for (let i = 0; i < 3; i++) crashed.startRun('j1');
    const { queue, handler } = await startQueue(file, {}, { maxAttempts: 3 });
    await until(() => queue.stats().failed === 1);
    expect(handler.events).toEqual([]);
    expect(handler.failures).toEqual([{ id: 'j1', reason: 'the process running it stopped 3 times' }]);
  });

  it('sends the apology a crash interrupted exactly once, after the restart', async () => {
    const file = tempFile();
    const crashed = openStore(file).store;
    crashed.insert(job('j1', 'a'), 100);
    crashed.markFailing('j1', 'it kept failing');
    const first = await startQueue(file);
    await until(() => first.queue.stats().failed === 1 && first.store.counts().parked === 1);
    expect(first.handler.failures).toEqual([{ id: 'j1', reason: 'it kept failing' }]);
    await first.queue.stop(1000);
    const second = await startQueue(file);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(second.handler.failures).toEqual([]);
  });

  it('runs one job at a time per chat, in arrival order, while other chats go alongside', async () => {
    const file = tempFile();
    const { queue, handler } = await startQueue(file, { ms: (id) => (id === 'a1' ? 150 : 20) }, { concurrency: 3 });
    for (const [id, chat] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b'], ['a3', 'a'], ['b2', 'b']] as const) await queue.enqueue(job(id, chat));
    await until(() => queue.stats().done === 5);
    const ends = handler.events.filter((e) => e.startsWith('end a')).map((e) => e.slice(4));
    expect(ends).toEqual(['a1', 'a2', 'a3']);
    expect(handler.maxPerChat.get('chat:a')).toBe(1);
    expect(handler.maxPerChat.get('chat:b')).toBe(1);
    // b1 did not wait for the slow a1.
    expect(handler.events.indexOf('end b1')).toBeLessThan(handler.events.indexOf('end a1'));
  });

  it('holds a chat\'s later jobs while its earlier one backs off after a failure', async () => {
    const file = tempFile();
    const { queue, handler } = await startQueue(file, { fail: (id, run) => id === 'a1' && run === 1 }, { concurrency: 2, retryBaseMs: 200 });
    await queue.enqueue(job('a1', 'a'));
    await queue.enqueue(job('a2', 'a'));
    await until(() => queue.stats().done === 2);
    expect(handler.events).toEqual(['start a1', 'start a1', 'end a1', 'start a2', 'end a2']);
  });

  it('says duplicate for a known id (even after it finished) and busy beyond maxQueued', async () => {
    const file = tempFile();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { queue } = await startQueue(file, {}, { concurrency: 1, maxQueued: 2 });
    queue.register('test', { run: () => gate, failed: async () => undefined });
    expect(await queue.enqueue(job('j1', 'a'))).toBe('accepted');
    await until(() => queue.stats().running === 1);
    expect(await queue.enqueue(job('j1', 'a'))).toBe('duplicate');
    expect(await queue.enqueue(job('j2', 'b'))).toBe('accepted');
    expect(await queue.enqueue(job('j3', 'c'))).toBe('accepted');
    expect(await queue.enqueue(job('j4', 'd'))).toBe('busy');
    release();
    await until(() => queue.stats().done === 3);
    expect(await queue.enqueue(job('j1', 'a'))).toBe('duplicate');
  });

  it('on stop lets running jobs finish within the grace period; one still running after it stays queued, its run not counted', async () => {
    const file = tempFile();
    const first = await startQueue(file, { ms: (id) => (id === 'quick' ? 100 : 0), hang: (id) => id === 'stuck' }, { concurrency: 2 });
    await first.queue.enqueue(job('quick', 'a'));
    await first.queue.enqueue(job('stuck', 'b'));
    await until(() => first.handler.events.includes('start stuck') && first.handler.events.includes('start quick'));
    await first.queue.stop(400);
    expect(first.handler.events).toContain('end quick');
    expect(first.store.counts()).toMatchObject({ done: 1, queued: 1, running: 0 });
    expect(first.store.queued()[0]).toMatchObject({ record: { id: 'stuck' }, runs: 0 });
    // Stopped: nothing new is taken.
    expect(await first.queue.enqueue(job('late', 'c'))).toBe('busy');

    const second = await startQueue(file);
    await until(() => second.queue.stats().done === 2);
    // The progress message of the stopped run is not sent again.
    expect(second.handler.sent).toEqual(['stuck:reply']);
  });
});
