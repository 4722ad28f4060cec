import type { EnqueueOutcome, JobRecord } from '../core/job.js';
import type { StepLog } from './job-steps.js';

/**
 * queued: waiting (maybe until notBefore, after a failed attempt); running: a process started it
 * (after a crash it is queued again); failing: given up, the apology may not have gone out yet;
 * done; parked: given up, with its reason, the user told once.
 */
export type StoredJobState = 'queued' | 'running' | 'failing' | 'done' | 'parked';

export interface StoredJob {
  record: JobRecord;
  state: StoredJobState;
  /** Runs started so far, the interrupted ones included. */
  runs: number;
  /** Not started before this time (ms since the epoch): the back-off after a failed attempt. */
  notBefore: number;
  /** Why the last attempt failed, or why it was parked. */
  reason: string | null;
}

/**
 * The embedded durable queue's storage: jobs and their completed steps in one place, so a job
 * and what was already sent for it survive the process. Synchronous, because the one
 * implementation (SQLite through better-sqlite3) is; each method is one transaction.
 */
export interface JobStore extends StepLog {
  /** Writes the job unless its id is known ('duplicate') or maxQueued jobs already wait ('busy'). */
  insert(job: JobRecord, maxQueued: number): EnqueueOutcome;
  /**
   * insert() for several jobs in one transaction, in order (a later one with an earlier one's id
   * is a duplicate): one commit, so one fsync, for everything that arrived together.
   */
  insertMany(jobs: readonly JobRecord[], maxQueued: number): EnqueueOutcome[];
  /** Queued jobs in arrival order. */
  queued(): StoredJob[];
  /** Jobs given up whose apology may still be missing. */
  failing(): StoredJob[];
  /** Marks the job running and counts the run; returns the runs so far, this one included. */
  startRun(id: string): number;
  /** Back to queued after a failed attempt, not before notBefore. */
  retryLater(id: string, reason: string, notBefore: number): void;
  /** Back to queued and the run not counted: the service stopped it, not the job. */
  requeue(id: string): void;
  markFailing(id: string, reason: string): void;
  finish(id: string, state: 'done' | 'parked', reason?: string): void;
  /** Jobs a dead process left running go back to the queue; returns how many. */
  recoverInterrupted(): number;
  /** Queued, running or failing jobs of one user. */
  countUnfinished(userKey: string): number;
  counts(): Record<StoredJobState, number>;
  countsByPlatform(): Array<{ platform: string; state: StoredJobState; count: number }>;
  /** Forgets finished jobs (and their steps) older than the windows; returns how many. */
  prune(now: number, keepDoneMs: number, keepParkedMs: number): number;
}
