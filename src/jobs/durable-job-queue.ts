import type { EnqueueOutcome, JobHandler, JobQueue, JobRecord } from '../core/job.js';
import { runSettings, type JobRunOptions, type RunSettings } from './job-run-options.js';
import { LiveJobSteps } from './job-steps.js';
import type { JobStore, StoredJob } from './job-store.js';
import { errorText, retryDelayMs, runAttempt, ShutdownAbort } from './run-attempt.js';
import { isPermanentFailure } from '../core/errors.js';

export interface DurableJobQueueOptions extends JobRunOptions {
  store: JobStore;
}

/**
 * The embedded durable queue: every job is written to the store before enqueue() resolves
 * (so before the platform hears "received"), runs with bounded concurrency and one at a time
 * per ordering key (per chat) in arrival order, and records each visible step as it is sent.
 * After a crash, start() puts the interrupted jobs back in line (their run counted), and each
 * resumed job sends only the steps still missing. A job that fails or crashes maxAttempts times
 * is parked with its reason, and its handler's failed() tells the user once.
 *
 * One process owns the store (see SqliteOwnerLock); several processes share work through the
 * BullMQ queue instead.
 */
export class DurableJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly steps: LiveJobSteps;
  private readonly settings: RunSettings;
  private readonly running = new Map<string, { key: string; task: Promise<void> }>();
  private readonly warnedPlatforms = new Set<string>();
  private readonly hooks = new Set<Promise<void>>();
  private shutdown = new AbortController();
  private accepting = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private enqueues = 0;
  /** Jobs enqueued in this turn of the event loop, written together at its end (see enqueue). */
  private batch: Array<{ job: JobRecord; resolve: (outcome: EnqueueOutcome) => void; reject: (err: unknown) => void }> = [];

  constructor(private readonly options: DurableJobQueueOptions) {
    this.settings = runSettings(options);
    this.steps = new LiveJobSteps(options.store);
  }

  register<P>(platform: string, handler: JobHandler<P>): void {
    this.handlers.set(platform, handler as JobHandler<unknown>);
  }

  /**
   * Resolves once the job is written (or refused). Jobs enqueued in the same turn of the event
   * loop (webhooks that arrived together, the messages of one delivery) are written in one
   * transaction at the turn's end: with synchronous=FULL each commit is an fsync that blocks the
   * event loop for milliseconds, so one per batch instead of one per job keeps every webhook's
   * 200 fast. The "working" hook and the job's start (another write) come on the turn after,
   * so the platform hears "received" first.
   */
  async enqueue<P>(job: JobRecord<P>): Promise<EnqueueOutcome> {
    if (!this.accepting) return this.tell(job, 'busy');
    if (!this.handlers.has(job.platform)) throw new Error(`no job handler registered for platform ${job.platform}`);
    return new Promise<EnqueueOutcome>((resolve, reject) => {
      this.batch.push({ job, resolve, reject });
      if (this.batch.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Writes the waiting batch in one transaction and tells each enqueue() its outcome. */
  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    let outcomes: EnqueueOutcome[];
    try {
      outcomes = this.options.store.insertMany(batch.map((b) => b.job), this.settings.maxQueued);
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    }
    const accepted: JobRecord[] = [];
    batch.forEach(({ job, resolve }, i) => {
      const outcome = outcomes[i]!;
      if (outcome === 'accepted') accepted.push(job);
      resolve(this.tell(job, outcome));
    });
    if (accepted.length === 0) return;
    this.enqueues += accepted.length;
    if (this.enqueues >= 500) {
      this.enqueues = 0;
      this.prune();
    }
    setImmediate(() => {
      // Stopping: the jobs stay queued, and their run after the restart sends the "working" message.
      if (!this.accepting) return;
      for (const job of accepted) this.announce(job);
      this.pump();
    });
  }

  /** The handler's accepted hook: the "working on it" message, before the job runs. */
  private announce(job: JobRecord): void {
    const handler = this.handlers.get(job.platform);
    if (!handler?.accepted) return;
    const accepted = handler.accepted.bind(handler);
    const hook = this.steps.for(job.id)
      .then((steps) => accepted(job, steps))
      .catch((err: unknown) => this.options.logger.warn({ jobId: job.id, err: errorText(err) }, 'accepted hook failed'));
    // Tracked so stop() lets a "working on it" message in flight finish before the stores close.
    this.hooks.add(hook);
    void hook.finally(() => this.hooks.delete(hook));
  }

  inFlight(userKey: string): number {
    return this.options.store.countUnfinished(userKey);
  }

  async start(): Promise<void> {
    const recovered = this.options.store.recoverInterrupted();
    if (recovered > 0) this.options.logger.info({ jobs: recovered }, 'resuming jobs interrupted by the last stop');
    this.prune();
    this.shutdown = new AbortController();
    this.accepting = true;
    // Jobs given up just before a crash may still owe the user their apology.
    for (const stored of this.options.store.failing()) {
      const id = stored.record.id;
      const task = this.park(stored.record, stored.reason ?? 'failed')
        .catch((err: unknown) => this.options.logger.error({ jobId: id, err: errorText(err) }, 'could not park the job'))
        .finally(() => this.running.delete(id));
      this.running.set(id, { key: stored.record.orderingKey, task });
    }
    this.pump();
  }

  async stop(graceMs: number): Promise<void> {
    // What was enqueued before the stop is written now: its platform is about to hear "received".
    this.flush();
    this.accepting = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const tasks = () => [...this.running.values()].map((r) => r.task);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...tasks(), ...this.hooks]), graceOver]);
    clearTimeout(timer);
    if (this.running.size > 0) {
      this.options.logger.info({ jobs: this.running.size }, 'grace period over: stopping running jobs; they stay queued');
      this.shutdown.abort(new ShutdownAbort());
      await Promise.allSettled(tasks());
    }
  }

  stats() {
    const counts = this.options.store.counts();
    return { queued: counts.queued, running: counts.running, done: counts.done, failed: counts.parked + counts.failing };
  }

  /** Jobs by platform and state, for the metrics. */
  countsByPlatform() {
    return this.options.store.countsByPlatform();
  }

  private tell(job: JobRecord, outcome: EnqueueOutcome): EnqueueOutcome {
    this.options.events?.enqueued?.(job, outcome);
    return outcome;
  }

  private pump(): void {
    while (this.accepting && this.running.size < this.settings.concurrency) {
      const stored = this.pickNext();
      if (!stored) return;
      const id = stored.record.id;
      const task = this.execute(stored)
        .catch((err: unknown) => this.options.logger.error({ jobId: id, err: errorText(err) }, 'job store failed; the job stays where it was'))
        .finally(() => {
          this.running.delete(id);
          this.pump();
        });
      this.running.set(id, { key: stored.record.orderingKey, task });
    }
  }

  /**
   * The oldest queued job whose chat has nothing running and nothing older still waiting (a
   * job backing off after a failure holds its chat's later jobs, so order is kept). Sets a
   * timer for the earliest back-off when that is all that is left.
   */
  private pickNext(): StoredJob | null {
    const now = Date.now();
    const blocked = new Set([...this.running.values()].map((r) => r.key));
    let wakeAt = Infinity;
    for (const stored of this.options.store.queued()) {
      const { record } = stored;
      if (blocked.has(record.orderingKey) || this.running.has(record.id)) continue;
      blocked.add(record.orderingKey);
      if (!this.handlers.has(record.platform)) {
        if (!this.warnedPlatforms.has(record.platform)) this.options.logger.warn({ platform: record.platform }, 'queued jobs wait for a platform that is not configured');
        this.warnedPlatforms.add(record.platform);
        continue;
      }
      if (stored.notBefore > now) {
        wakeAt = Math.min(wakeAt, stored.notBefore);
        continue;
      }
      return stored;
    }
    if (wakeAt < Infinity && this.accepting) {
      if (this.wakeTimer) clearTimeout(this.wakeTimer);
      this.wakeTimer = setTimeout(() => {
        this.wakeTimer = null;
        this.pump();
      }, wakeAt - now + 5);
    }
    return null;
  }

  private async execute(stored: StoredJob): Promise<void> {
    const job = stored.record;
    const { store, logger } = this.options;
    const handler = this.handlers.get(job.platform)!;
    if (stored.runs >= this.settings.maxAttempts) {
      // Every run so far ended without an answer, the last one by a crash: no loop.
      await this.park(job, stored.reason ?? `the process running it stopped ${stored.runs} times`);
      this.options.events?.finished?.(job, 'parked', 0);
      return;
    }
    const runs = store.startRun(job.id);
    logger.info({ jobId: job.id, run: runs }, 'job started');
    const started = performance.now();
    const steps = await this.steps.for(job.id);
    const result = await runAttempt(handler, job, steps, { timeoutMs: this.settings.jobTimeoutMs, shutdown: this.shutdown.signal });
    const ms = performance.now() - started;
    if (result.ok) {
      store.finish(job.id, 'done');
      this.forget(job.id);
      this.options.events?.finished?.(job, 'done', ms);
      return;
    }
    if (result.stoppedByShutdown) {
      store.requeue(job.id);
      this.options.events?.finished?.(job, 'requeued', ms);
      return;
    }
    logger.warn({ jobId: job.id, run: runs, of: this.settings.maxAttempts, err: result.reason }, 'job run failed');
    if (runs < this.settings.maxAttempts && !isPermanentFailure(result.error)) {
      store.retryLater(job.id, result.reason, Date.now() + retryDelayMs(runs, this.settings.retryBaseMs));
      this.options.events?.finished?.(job, 'retry', ms);
      return;
    }
    await this.park(job, result.reason, result.error);
    this.options.events?.finished?.(job, 'parked', ms);
  }

  /** Gives up on a job: recorded as failing first, so a crash during the apology still leads to it (once) after restart. */
  private async park(job: JobRecord, reason: string, error?: unknown): Promise<void> {
    const { store, logger } = this.options;
    store.markFailing(job.id, reason);
    const handler = this.handlers.get(job.platform);
    if (handler) {
      const steps = await this.steps.for(job.id);
      await handler.failed(job, steps, error ?? new Error(reason)).catch((err: unknown) => logger.error({ jobId: job.id, err: errorText(err) }, 'failure notice failed'));
    }
    store.finish(job.id, 'parked', reason);
    this.forget(job.id);
    logger.warn({ jobId: job.id, reason }, 'job parked');
  }

  private forget(id: string): void {
    this.steps.forget(id);
  }

  private prune(): void {
    const removed = this.options.store.prune(Date.now(), this.settings.keepDoneMs, this.settings.keepParkedMs);
    if (removed > 0) this.options.logger.debug({ removed }, 'old finished jobs pruned');
  }
}
