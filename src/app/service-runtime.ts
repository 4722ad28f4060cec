import path from 'node:path';
import Keyv from 'keyv';
import type { Config } from '../../config/settings.js';
import type { JobQueue } from '../core/job.js';
import { InMemoryJobQueue, type DedupeStore } from '../jobs/in-memory-job-queue.js';
import { UserRateLimiter } from '../jobs/user-rate-limiter.js';
import { openSqliteDatabase, type SqliteDatabase } from '../stores/sqlite-database.js';
import { SqliteDedupeStore } from '../stores/sqlite-dedupe-store.js';
import { SqliteKeyvStore } from '../stores/sqlite-keyv-store.js';
import { composeServices, type Services } from './compose.js';
import type { Logger } from './logger.js';

/** Per chat or per user: grade and reply language. */
export interface UserPreferences {
  grade?: number;
  language?: string;
}

/** Everything a chat adapter needs from the service, built once by `serve`. */
export interface ServiceRuntime {
  config: Config;
  logger: Logger;
  services: Services;
  queue: JobQueue;
  limiter: UserRateLimiter;
  /** Preferences keyed by "<platform>:<chat or user id>"; survive restarts. */
  preferences: Keyv<UserPreferences>;
  /** A private folder for temporary downloads; files in it get random names. */
  tempDir: string;
  /**
   * The persisted dedupe window the queue uses, for adapters that answer some updates without a
   * job (settings commands): they mark their own keys in it, e.g. "telegram:seen:<update_id>".
   */
  dedupe?: DedupeStore;
  close(): Promise<void>;
}

export function createServiceRuntime(config: Config, logger: Logger, services: Services = composeServices(config, logger)): ServiceRuntime {
  const db: SqliteDatabase = openSqliteDatabase(path.join(config.dataDir, 'state.sqlite'));
  const preferences = new Keyv<UserPreferences>({ store: new SqliteKeyvStore(db), namespace: 'preferences' });
  const dedupe = new SqliteDedupeStore(db);
  const queue = new InMemoryJobQueue({
    concurrency: config.jobConcurrency,
    maxQueued: config.maxQueuedJobs,
    jobTimeoutMs: config.jobTimeoutSeconds * 1000,
    dedupe,
    logger,
  });
  return {
    config,
    logger,
    services,
    queue,
    limiter: new UserRateLimiter({ maxInFlight: config.userMaxInFlight, maxPerMinute: config.userMaxPerMinute }),
    preferences,
    tempDir: path.join(config.dataDir, 'tmp'),
    dedupe,
    close: async () => {
      await services.close();
      db.close();
    },
  };
}
