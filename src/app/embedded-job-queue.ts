import path from 'node:path';
import { DurableJobQueue } from '../jobs/durable-job-queue.js';
import type { JobRunOptions } from '../jobs/job-run-options.js';
import { openSqliteDatabase } from '../stores/sqlite-database.js';
import { SqliteJobStore } from '../stores/sqlite-job-store.js';
import { SqliteOwnerLock } from '../stores/sqlite-owner-lock.js';

export interface EmbeddedJobQueue {
  queue: DurableJobQueue;
  /** For /healthz: throws when the job store file cannot be read. */
  check(): void;
  /** On a stop signal: a successor waiting for DATA_DIR learns it is let go within graceMs. */
  markDraining(graceMs: number): void;
  /** Releases DATA_DIR to the next process and closes the store; stop the queue first. */
  close(): void;
}

/**
 * The job queue `serve` runs without REDIS_URL: DurableJobQueue on DATA_DIR/jobs.sqlite, its own
 * file with an fsync per commit (an accepted job survives even a power cut), held by this process
 * alone through an owner lock. Throws, with nothing left open, when another process holds it.
 */
export function openEmbeddedJobQueue(dataDir: string, run: JobRunOptions): EmbeddedJobQueue {
  const db = openSqliteDatabase(path.join(dataDir, 'jobs.sqlite'), { synchronous: 'FULL' });
  const owner = new SqliteOwnerLock(db);
  try {
    owner.acquire();
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    queue: new DurableJobQueue({ ...run, store: new SqliteJobStore(db) }),
    check: () => void db.prepare('SELECT count(*) FROM sqlite_master').get(),
    markDraining: (graceMs) => owner.markDraining(graceMs),
    close: () => {
      owner.release();
      db.close();
    },
  };
}
