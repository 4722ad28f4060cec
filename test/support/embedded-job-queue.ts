import path from 'node:path';
import type { Config } from '../../config/settings.js';
import type { Logger } from '../../src/app/logger.js';
import { DurableJobQueue } from '../../src/jobs/durable-job-queue.js';
import { openSqliteDatabase } from '../../src/stores/sqlite-database.js';
import { SqliteJobStore } from '../../src/stores/sqlite-job-store.js';

/**
 * The job queue `serve` runs without REDIS_URL: the durable queue on DATA_DIR/jobs.sqlite. The
 * adapter harnesses use it so that their tests exercise the store the product runs on, not a
 * stand-in; `close` stops the queue and closes the database.
 */
export function embeddedJobQueue(config: Config, logger: Logger): { queue: DurableJobQueue; close: () => Promise<void> } {
  const db = openSqliteDatabase(path.join(config.dataDir, 'jobs.sqlite'));
  const queue = new DurableJobQueue({
    logger,
    concurrency: config.jobConcurrency,
    maxQueued: config.maxQueuedJobs,
    maxAttempts: config.jobMaxAttempts,
    jobTimeoutMs: config.jobTimeoutSeconds * 1000,
    store: new SqliteJobStore(db),
  });
  return {
    queue,
    close: async () => {
      await queue.stop(1000);
      db.close();
    },
  };
}
