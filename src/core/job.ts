/**
 * A job is one user request, written down as plain data so it can be stored before the platform
 * is told it was received, and resumed after a restart. Adapters turn platform events into jobs;
 * a JobQueue runs them; a JobHandler (one per platform) does the work through JobSteps, which
 * remembers every externally visible step so a resumed job never repeats one.
 */

export interface JobRecord<P = unknown> {
  /** Unique per delivery: also the dedupe key (e.g. "telegram:update:812"). */
  id: string;
  /** Which handler runs it, e.g. "telegram". */
  platform: string;
  /** Jobs with the same key run one at a time, in order (one chat's messages). */
  orderingKey: string;
  /** Whose limits it counts against. */
  userKey: string;
  /** JSON-serialisable platform data: chat id, file id, options. Never bytes. */
  payload: P;
  createdAt: number;
}

export interface JobSteps {
  /**
   * Runs fn unless a step of this name already completed for this job (possibly in an earlier
   * process), in which case the recorded result is returned. Results must be JSON-serialisable.
   */
  once<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Names of the steps completed so far. */
  completed(): string[];
}

export interface JobHandler<P = unknown> {
  /**
   * Called as soon as the job is accepted, outside the concurrency limit, so the user hears
   * back within a second even when every worker is busy. Must be quick and must not throw.
   */
  accepted?(job: JobRecord<P>, steps: JobSteps): Promise<void>;
  /** Does the work. Throwing counts as a failed attempt. */
  run(job: JobRecord<P>, steps: JobSteps, signal: AbortSignal): Promise<void>;
  /** Called once when the job is given up on: tell the user, once. */
  failed(job: JobRecord<P>, steps: JobSteps, error: unknown): Promise<void>;
}

export type EnqueueOutcome = 'accepted' | 'duplicate' | 'busy';

export interface JobQueue {
  register<P>(platform: string, handler: JobHandler<P>): void;
  /** Stores the job (durable queues persist it before resolving). 'duplicate' when its id was seen. */
  enqueue<P>(job: JobRecord<P>): Promise<EnqueueOutcome>;
  /** Jobs accepted and not finished, by user key: for per-user limits. Shared queues count in their store, hence the promise. */
  inFlight(userKey: string): number | Promise<number>;
  start(): Promise<void>;
  /** Stops taking jobs, lets running ones finish within graceMs, leaves the rest queued. */
  stop(graceMs: number): Promise<void>;
  stats(): { queued: number; running: number; done: number; failed: number };
}
