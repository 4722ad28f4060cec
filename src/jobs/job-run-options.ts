import type { Logger } from '../log/logger.js';
import type { JobEvents } from './job-events.js';

/** How jobs are run and kept, the same for every durable queue (SQLite or BullMQ). */
export interface JobRunOptions {
  logger: Logger;
  /** Jobs this process runs at once across all chats. Defaults to 2. */
  concurrency?: number;
  /** Jobs waiting (all processes together) beyond this are refused as 'busy'. Defaults to 100. */
  maxQueued?: number;
  /** Runs a job gets (failures and crashes both count) before it is parked. Defaults to 3. */
  maxAttempts?: number;
  /** A run taking longer is aborted and counts as failed. Defaults to 300000 (5 minutes). */
  jobTimeoutMs?: number;
  /** Back-off after the first failed run; it doubles with each. Defaults to 2000 ms. */
  retryBaseMs?: number;
  /** Finished jobs are kept this long: their ids are the dedupe window. Defaults to 48 hours. */
  keepDoneMs?: number;
  /** Parked jobs are kept this long, to be looked into. Defaults to 7 days. */
  keepParkedMs?: number;
  events?: JobEvents;
}

/** The numbers of JobRunOptions, each filled in with its documented default. */
export type RunSettings = Required<Pick<JobRunOptions, 'concurrency' | 'maxQueued' | 'maxAttempts' | 'jobTimeoutMs' | 'retryBaseMs' | 'keepDoneMs' | 'keepParkedMs'>>;

export function runSettings(options: JobRunOptions): RunSettings {
  return {
    concurrency: options.concurrency ?? 2,
    maxQueued: options.maxQueued ?? 100,
    maxAttempts: options.maxAttempts ?? 3,
    jobTimeoutMs: options.jobTimeoutMs ?? 300_000,
    retryBaseMs: options.retryBaseMs ?? 2000,
    keepDoneMs: options.keepDoneMs ?? 48 * 3600_000,
    keepParkedMs: options.keepParkedMs ?? 7 * 24 * 3600_000,
  };
}
