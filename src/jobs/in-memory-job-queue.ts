import type { EnqueueOutcome, JobHandler, JobQueue, JobRecord, JobSteps } from '../core/job.js';
import type { Logger } from '../log/logger.js';
import { createJobSteps, MemoryStepLog } from './job-steps.js';

/** Remembers which job ids were accepted, so a redelivered update is not processed twice. */
export interface DedupeStore {
  /** True when the id was not seen within the window (and marks it seen). */
  markIfNew(id: string): Promise<boolean>;
  /**
   * True when the id was marked within the window; marks nothing. For "handle, then mark": an
   * update is marked only once what it asked for is stored, so a crash in between makes the
   * redelivery count as new instead of losing it.
   */
  has(id: string): Promise<boolean>;
}

export interface InMemoryJobQueueOptions {
  /** Jobs run at once across all chats. Defaults to 2. */
  concurrency?: number;
  /** Jobs waiting beyond this are refused as 'busy'. Defaults to 100. */
  maxQueued?: number;
  /** Attempts before a job is given up. Defaults to 2. */
  maxAttempts?: number;
  /** A job running longer is aborted. Defaults to 300000 (5 minutes). */
  jobTimeoutMs?: number;
  dedupe: DedupeStore;
  logger: Logger;
}

interface Entry {
  job: JobRecord;
  attempts: number;
  /** One JobSteps per job, shared by the accepted hook and every attempt, so a step the hook is
   * still sending (the "working" message) is awaited, not sent a second time. */
  steps: JobSteps;
}

/**
 * Runs jobs in this process with bounded concurrency, one at a time per ordering key (per chat),
 * in arrival order. Nothing survives a restart, so `serve` never uses it (DurableJobQueue or
 * BullmqJobQueue do), nor do the adapters' test harnesses (they run the durable queue, as
 * `serve` does): it is the jobs benchmark's baseline for what durability costs.
 */
export class InMemoryJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly waiting: Entry[] = [];
  private readonly runningKeys = new Set<string>();
  private readonly inFlightByUser = new Map<string, number>();
  private readonly steps = new MemoryStepLog();
  private readonly running = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private accepting = false;
  private counts = { done: 0, failed: 0 };
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly maxAttempts: number;
  private readonly jobTimeoutMs: number;

  constructor(private readonly options: InMemoryJobQueueOptions) {
    this.concurrency = options.concurrency ?? 2;
    this.maxQueued = options.maxQueued ?? 100;
    this.maxAttempts = options.maxAttempts ?? 2;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 300_000;
  }

  register<P>(platform: string, handler: JobHandler<P>): void {
    this.handlers.set(platform, handler as JobHandler<unknown>);
  }

  async enqueue<P>(job: JobRecord<P>): Promise<EnqueueOutcome> {
    if (!this.accepting) return 'busy';
    if (!(await this.options.dedupe.markIfNew(job.id))) return 'duplicate';
    if (this.waiting.length >= this.maxQueued) return 'busy';
    const handler = this.handlerFor(job);
    this.inFlightByUser.set(job.userKey, this.inFlight(job.userKey) + 1);
    const steps = await createJobSteps(job.id, this.steps);
    this.waiting.push({ job, attempts: 0, steps });
    if (handler.accepted) {
      handler.accepted(job, steps).catch((err: unknown) => this.options.logger.warn({ jobId: job.id, err: String(err) }, 'accepted hook failed'));
    }
    this.pump();
    return 'accepted';
  }

  inFlight(userKey: string): number {
    return this.inFlightByUser.get(userKey) ?? 0;
  }

  async start(): Promise<void> {
    this.accepting = true;
    this.pump();
  }

  async stop(graceMs: number): Promise<void> {
    this.accepting = false;
    const timer = setTimeout(() => this.controllers.forEach((c) => c.abort(new Error('shutting down'))), graceMs);
    await Promise.allSettled([...this.running]);
    clearTimeout(timer);
  }

  stats() {
    return { queued: this.waiting.length, running: this.runningKeys.size, ...this.counts };
  }

  private handlerFor(job: JobRecord): JobHandler<unknown> {
    const handler = this.handlers.get(job.platform);
    if (!handler) throw new Error(`no job handler registered for platform ${job.platform}`);
    return handler;
  }

  private pump(): void {
    while (this.accepting && this.runningKeys.size < this.concurrency) {
      const index = this.waiting.findIndex((e) => !this.runningKeys.has(e.job.orderingKey));
      if (index < 0) return;
      const [entry] = this.waiting.splice(index, 1);
      const task = this.execute(entry!);
      this.running.add(task);
      void task.finally(() => {
        this.running.delete(task);
        this.pump();
      });
    }
  }

  private async execute(entry: Entry): Promise<void> {
    const { job } = entry;
    this.runningKeys.add(job.orderingKey);
    const handler = this.handlerFor(job);
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(new Error('job timed out')), this.jobTimeoutMs);
    const { steps } = entry;
    let finished = false;
    try {
      entry.attempts += 1;
      await handler.run(job, steps, controller.signal);
      finished = true;
      this.counts.done += 1;
    } catch (err) {
      this.options.logger.warn({ jobId: job.id, attempt: entry.attempts, err: err instanceof Error ? err.message : String(err) }, 'job attempt failed');
      if (entry.attempts < this.maxAttempts && !controller.signal.aborted && this.accepting) {
        // Back to the front of its chat's line: order within the chat is kept.
        this.waiting.unshift(entry);
      } else {
        finished = true;
        this.counts.failed += 1;
        await handler.failed(job, steps, err).catch((e: unknown) => this.options.logger.error({ jobId: job.id, err: String(e) }, 'failure notice failed'));
      }
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
      this.runningKeys.delete(job.orderingKey);
      if (finished) {
        this.steps.forget(job.id);
        const left = this.inFlight(job.userKey) - 1;
        if (left > 0) this.inFlightByUser.set(job.userKey, left);
        else this.inFlightByUser.delete(job.userKey);
      }
    }
  }
}
