import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Keyv from 'keyv';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/app/logger.js';
import type { ServiceRuntime, UserPreferences } from '../../src/app/service-runtime.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import { UserRateLimiter } from '../../src/jobs/user-rate-limiter.js';
import { openSqliteDatabase } from '../../src/stores/sqlite-database.js';
import { SqliteDedupeStore } from '../../src/stores/sqlite-dedupe-store.js';
import { SqliteKeyvStore } from '../../src/stores/sqlite-keyv-store.js';
import { embeddedJobQueue } from '../support/embedded-job-queue.js';
import { testLimits } from './test-pipeline.js';

export interface TestRuntime extends ServiceRuntime {
  /** Every log line written, as text (JSON lines). */
  logs: string[];
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-telegram-'));
}

/**
 * A ServiceRuntime wired like createServiceRuntime's (SQLite preferences and dedupe in the data
 * directory, the durable job queue, the per-user limiter), but with the given pipeline, and a
 * logger whose lines the test can read (to check, e.g., that the token never appears).
 */
export function createTestRuntime(options: { dataDir: string; env: Record<string, string>; pipeline: Pipeline }): TestRuntime {
  const config = loadConfig({ DATA_DIR: options.dataDir, LOG_LEVEL: 'debug', ...options.env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger(config.logLevel || 'info', sink);
  const db = openSqliteDatabase(path.join(config.dataDir, 'state.sqlite'));
  const dedupe = new SqliteDedupeStore(db);
  const preferences = new Keyv<UserPreferences>({ store: new SqliteKeyvStore(db), namespace: 'preferences' });
  const jobs = embeddedJobQueue(config, logger);
  return {
    config,
    logger,
    logs,
    services: { pipeline: options.pipeline, simplifier: { simplify: () => Promise.reject(new Error('unused')) }, limits: testLimits(), health: () => ({}), close: async () => undefined },
    queue: jobs.queue,
    limiter: new UserRateLimiter({ maxInFlight: config.userMaxInFlight, maxPerMinute: config.userMaxPerMinute }),
    preferences,
    tempDir: path.join(config.dataDir, 'tmp'),
    dedupe,
    close: async () => {
      await jobs.close();
      db.close();
    },
  };
}
