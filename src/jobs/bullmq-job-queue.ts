import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EnqueueOutcome, JobHandler, JobQueue, JobRecord } from '../core/job.js';
import type { RedisJobIndex } from '../stores/redis-job-index.js';
import type { DedupeStore } from './in-memory-job-queue.js';
import { runSettings, type JobRunOptions, type RunSettings } from './job-run-options.js';
import { LiveJobSteps, type SharedStepLog } from './job-steps.js';
import { errorText, runAttempt, ShutdownAbort } from './run-attempt.js';
import { isPermanentFailure } from '../core/errors.js';

/** The one BullMQ queue every platform's jobs go through (its name may not contain ':'). */
const QUEUE_NAME = 'jobs';
/** A job's lock; renewed every half of it while it runs. A dead worker's job is picked up again within this plus STALLED_CHECK_MS. */
const LOCK_MS = 20_000;
const STALLED_CHECK_MS = 10_000;
/** A job whose chat is busy waits this long at most; the job ahead of it promotes it as soon as it finishes. */
const WAIT_FOR_CHAT_MS = 30_000;
/** A job whose platform no worker here handles waits this long before another look. */
const WAIT_FOR_HANDLER_MS = 60_000;
/** BullMQ's own limits stay out of the way: the run counter in RedisJobIndex decides when to give up. */
const BULL_ATTEMPTS = 1000;

interface BullJobData {
  record: JobRecord;
  /** Arrival number: the job's place in its chat's line. */
  seq: number;
}

export interface BullmqJobQueueOptions extends JobRunOptions {
  /** ioredis connection for BullMQ (which duplicates it for its blocking reads); maxRetriesPerRequest must be null. */
  connection: Redis;
  /** Prefix of BullMQ's keys. */
  prefix: string;
  /** What this process does: accept jobs (ingress), run them (worker), or both. */
  role: { ingress: boolean; worker: boolean };
  dedupe: DedupeStore;
  steps: SharedStepLog;
  index: RedisJobIndex;
  /** How often the counts behind stats() are refreshed. Defaults to 5000 ms. */
  statsEveryMs?: number;
}

/**
 * The JobQueue over BullMQ on Redis, for several processes: ingress processes enqueue (and run
 * the accepted hook, so the user hears back at once), worker processes run jobs. Any number of
 * each may share one Redis.
 *
 * - Nothing lost: a job is in Redis before enqueue() resolves. Dedupe is SET NX on the shared
 *   store, and BullMQ's job id (the dedupe key) makes adding twice harmless, so a crash between
 *   the two is repaired by the redelivery instead of dropping it.
 * - Per-chat order with open-source BullMQ (groups are a Pro feature): a chat's unfinished jobs
 *   wait in a sorted set by arrival; a worker that picks a job that is not its chat's head puts it
 *   back as delayed, and the head promotes its successor when it finishes. So one chat's jobs run
 *   one at a time, in order, whichever worker takes them; other chats are not held up.
 * - Crashes: a dead worker's job is picked up again by another after its lock expires (BullMQ's
 *   stalled check); the run counter (which counts crashes too) parks a job after maxAttempts runs,
 *   and the steps in Redis make the resumed run send only what is missing.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly steps: LiveJobSteps;
  private readonly settings: RunSettings;
  private readonly hooks = new Set<Promise<void>>();
  private readonly queue: Queue<BullJobData>;
  private worker: Worker<BullJobData> | null = null;
  private shutdown = new AbortController();
  private accepting = false;
  private counts = { queued: 0, running: 0, done: 0, failed: 0 };
  private statsTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: BullmqJobQueueOptions) {
    this.settings = runSettings(options);
    this.steps = new LiveJobSteps(options.steps);
    this.queue = new Queue<BullJobData>(QUEUE_NAME, { connection: options.connection, prefix: options.prefix });
    this.queue.on('error', (err) => options.logger.warn({ err: errorText(err) }, 'job queue connection problem'));
  }

  register<P>(platform: string, handler: JobHandler<P>): void {
    this.handlers.set(platform, handler as JobHandler<unknown>);
  }

  async enqueue<P>(job: JobRecord<P>): Promise<EnqueueOutcome> {
    if (!this.options.role.ingress || !this.accepting) return this.tell(job, 'busy');
    const handler = this.handlers.get(job.platform);
    if (!handler) throw new Error(`no job handler registered for platform ${job.platform}`);
    const id = bullJobId(job.id);
    if (await this.queue.getJob(id)) return this.tell(job, 'duplicate');
    if ((await this.queue.count()) >= this.settings.maxQueued) return this.tell(job, 'busy');
    const fresh = await this.options.dedupe.markIfNew(job.id);
    const { index } = this.options;
    const seq = await index.nextSeq();
    await index.add(id, job.orderingKey, job.userKey, seq);
    // The same id twice is one job: a racing replica, or this very redelivery after a crash
    // between the mark and the add, only makes sure it is there.
    await this.queue.add(job.platform, { record: job as JobRecord, seq }, {
      jobId: id,
      attempts: BULL_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.settings.retryBaseMs },
      removeOnComplete: { age: Math.round(this.settings.keepDoneMs / 1000) },
      removeOnFail: { age: Math.round(this.settings.keepParkedMs / 1000) },
    });
    if (!fresh) {
      this.options.logger.info({ jobId: job.id }, 'a redelivered job was missing from the queue; stored it');
      return this.tell(job, 'duplicate');
    }
    if (handler.accepted) {
      const accepted = handler.accepted.bind(handler);
      const hook = this.steps.for(id)
        .then((steps) => accepted(job, steps))
        .catch((err: unknown) => this.options.logger.warn({ jobId: job.id, err: errorText(err) }, 'accepted hook failed'));
      // Tracked so stop() lets a "working on it" message in flight finish before the stores close.
      this.hooks.add(hook);
      void hook.finally(() => this.hooks.delete(hook));
    }
    return this.tell(job, 'accepted');
  }

  async inFlight(userKey: string): Promise<number> {
    const { index } = this.options;
    let count = 0;
    for (const id of await index.userJobs(userKey)) {
      const state = await this.queue.getJobState(id);
      // Finished (or gone) without the index hearing of it: a process died at the wrong moment.
      if (state === 'completed' || state === 'failed' || state === 'unknown') await index.dropFromUser(userKey, id);
      else count += 1;
    }
    return count;
  }

  async start(): Promise<void> {
    this.shutdown = new AbortController();
    this.accepting = true;
    if (this.options.role.worker) {
      this.worker = new Worker<BullJobData>(QUEUE_NAME, (job, token) => this.process(job, token), {
        connection: this.options.connection,
        prefix: this.options.prefix,
        concurrency: this.settings.concurrency,
        autorun: false,
        lockDuration: LOCK_MS,
        stalledInterval: STALLED_CHECK_MS,
        maxStalledCount: BULL_ATTEMPTS,
      });
      this.worker.on('error', (err) => this.options.logger.warn({ err: errorText(err) }, 'job worker connection problem'));
      void this.worker.run().catch((err: unknown) => this.options.logger.error({ err: errorText(err) }, 'job worker stopped'));
    }
    await this.refreshStats();
    this.statsTimer = setInterval(() => void this.refreshStats(), this.options.statsEveryMs ?? 5000);
    this.statsTimer.unref();
  }

  async stop(graceMs: number): Promise<void> {
    this.accepting = false;
    if (this.statsTimer) clearInterval(this.statsTimer);
    await Promise.race([Promise.allSettled([...this.hooks]), new Promise((resolve) => setTimeout(resolve, Math.min(graceMs, 5000)).unref())]);
    if (this.worker) {
      // close() takes no new job and waits for the running ones.
      const closing = this.worker.close();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'over'>((resolve) => (timer = setTimeout(() => resolve('over'), graceMs)));
      if ((await Promise.race([closing.then(() => 'closed' as const), graceOver])) === 'over') {
        this.options.logger.info('grace period over: stopping running jobs; they stay queued');
        this.shutdown.abort(new ShutdownAbort());
        await closing;
      }
      clearTimeout(timer);
    }
    await this.queue.close();
  }

  stats() {
    return { ...this.counts };
  }

  /** Unfinished and parked jobs by platform and state, for the metrics (at most 1000 of each). */
  async countsByPlatform(): Promise<Array<{ platform: string; state: string; count: number }>> {
    const groups: Array<[string, Array<'waiting' | 'prioritized' | 'delayed' | 'paused' | 'active' | 'failed'>]> = [
      ['queued', ['waiting', 'prioritized', 'delayed', 'paused']],
      ['running', ['active']],
      ['parked', ['failed']],
    ];
    const out = new Map<string, { platform: string; state: string; count: number }>();
    for (const [state, types] of groups) {
      for (const job of await this.queue.getJobs(types, 0, 999)) {
        if (!job) continue;
        const key = `${job.name}\u0000${state}`;
        const entry = out.get(key) ?? { platform: job.name, state, count: 0 };
        entry.count += 1;
        out.set(key, entry);
      }
    }
    return [...out.values()];
  }

  private tell(job: JobRecord, outcome: EnqueueOutcome): EnqueueOutcome {
    this.options.events?.enqueued?.(job, outcome);
    return outcome;
  }

  private async refreshStats(): Promise<void> {
    try {
      const c = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'paused', 'active', 'completed', 'failed');
      this.counts = { queued: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0) + (c.paused ?? 0), running: c.active ?? 0, done: c.completed ?? 0, failed: c.failed ?? 0 };
    } catch (err) {
      this.options.logger.debug({ err: errorText(err) }, 'could not read job counts');
    }
  }

  private async process(job: Job<BullJobData>, token: string | undefined): Promise<void> {
    const { record, seq } = job.data;
    const id = job.id!;
    const { index, logger } = this.options;
    const handler = this.handlers.get(record.platform);
    if (!handler) {
      logger.warn({ jobId: record.id, platform: record.platform }, 'no handler here for this platform; the job waits for a worker that has one');
      await job.moveToDelayed(Date.now() + WAIT_FOR_HANDLER_MS, token);
      throw new DelayedError();
    }
    await index.add(id, record.orderingKey, record.userKey, seq);
    if (!(await this.isHeadOfChat(id, record.orderingKey))) {
      await job.moveToDelayed(Date.now() + WAIT_FOR_CHAT_MS, token);
      // The job ahead may have finished in between and found nothing delayed to promote.
      if (await this.isHeadOfChat(id, record.orderingKey)) await job.promote().catch(() => undefined);
      throw new DelayedError();
    }
    const parking = await index.parking(id);
    if (parking !== null) {
      // A process died while apologising: finish that (the apology is a step: sent once).
      await this.park(record, id, parking);
      throw new UnrecoverableError(parking);
    }
    const runs = await index.countRun(id);
    if (runs > this.settings.maxAttempts) {
      const reason = (await index.reason(id)) ?? `the process running it stopped ${runs - 1} times`;
      await this.park(record, id, reason);
      this.options.events?.finished?.(record, 'parked', 0);
      throw new UnrecoverableError(reason);
    }
    logger.info({ jobId: record.id, run: runs }, 'job started');
    const started = performance.now();
    const steps = await this.steps.for(id);
    const result = await runAttempt(handler, record, steps, { timeoutMs: this.settings.jobTimeoutMs, shutdown: this.shutdown.signal });
    const ms = performance.now() - started;
    if (result.ok) {
      await this.finish(record, id);
      this.options.events?.finished?.(record, 'done', ms);
      return;
    }
    if (result.stoppedByShutdown) {
      await index.uncountRun(id);
      await job.moveToDelayed(Date.now(), token);
      this.options.events?.finished?.(record, 'requeued', ms);
      throw new DelayedError();
    }
    logger.warn({ jobId: record.id, run: runs, of: this.settings.maxAttempts, err: result.reason }, 'job run failed');
    await index.setReason(id, result.reason);
    if (runs < this.settings.maxAttempts && !isPermanentFailure(result.error)) {
      this.options.events?.finished?.(record, 'retry', ms);
      // BullMQ puts it back with exponential back-off; it stays its chat's head meanwhile.
      throw new Error(result.reason);
    }
    await this.park(record, id, result.reason, result.error);
    this.options.events?.finished?.(record, 'parked', ms);
    throw new UnrecoverableError(result.reason);
  }

  /** True when no older unfinished job of the chat remains; drops entries of jobs that ended without telling. */
  private async isHeadOfChat(id: string, orderingKey: string): Promise<boolean> {
    const { index } = this.options;
    for (let i = 0; i < 20; i++) {
      const head = await index.head(orderingKey);
      if (head === null || head === id) return true;
      const state = await this.queue.getJobState(head);
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
      await index.dropFromChat(orderingKey, head);
    }
    return false;
  }

  private async finish(record: JobRecord, id: string): Promise<void> {
    const { index } = this.options;
    await index.finish(id, record.orderingKey, record.userKey);
    this.steps.forget(id);
    // Hand the chat to the next job at once rather than when its wait runs out.
    const next = await index.head(record.orderingKey);
    if (next) {
      const successor = await this.queue.getJob(next);
      if (successor && (await successor.isDelayed())) await successor.promote().catch(() => undefined);
    }
  }

  private async park(record: JobRecord, id: string, reason: string, error?: unknown): Promise<void> {
    const { index, logger } = this.options;
    await index.markParking(id, reason);
    const handler = this.handlers.get(record.platform);
    if (handler) {
      const steps = await this.steps.for(id);
      await handler.failed(record, steps, error ?? new Error(reason)).catch((err: unknown) => logger.error({ jobId: record.id, err: errorText(err) }, 'failure notice failed'));
    }
    await this.finish(record, id);
    logger.warn({ jobId: record.id, reason }, 'job parked');
  }
}

/** BullMQ refuses ids with ':' (and plain integers); ours are "platform:kind:..." so they are percent-encoded. */
export function bullJobId(id: string): string {
  return `j${encodeURIComponent(id)}`;
}
