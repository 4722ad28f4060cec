import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import type { ServiceRuntime } from '../../src/app/service-runtime.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import { testLimits } from './test-pipeline.js';
import { testServiceRuntime } from '../support/test-service-runtime.js';

export interface TestRuntime extends ServiceRuntime {
  /** Every log line written, as text (JSON lines). */
  logs: string[];
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-telegram-'));
}

/**
 * The test service runtime (see testServiceRuntime) for the given pipeline, with a logger whose
 * lines the test can read (to check, e.g., that the token never appears).
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
  return { ...testServiceRuntime(config, logger, options.pipeline, testLimits()), logs };
}
