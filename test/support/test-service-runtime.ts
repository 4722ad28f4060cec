import path from 'node:path';
import Keyv from 'keyv';
import type { Config } from '../../config/settings.js';
import { openEmbeddedState } from '../../src/app/embedded-state.js';
import type { Logger } from '../../src/log/logger.js';
import type { Services } from '../../src/app/compose.js';
import type { ServiceRuntime, UserPreferences } from '../../src/app/service-runtime.js';
import type { InputLimits } from '../../src/core/ports.js';
import { UserRateLimiter } from '../../src/jobs/user-rate-limiter.js';
import { embeddedJobQueue } from './embedded-job-queue.js';

/**
 * A ServiceRuntime wired like createServiceRuntime's without REDIS_URL, from the same pieces
 * (DATA_DIR state and durable job queue, the per-user limiter), but serving the given pipeline:
 * createServiceRuntime would compose the full default pipeline, which adapter tests do not need.
 */
export function testServiceRuntime(config: Config, logger: Logger, pipeline: Services['pipeline'], limits: InputLimits): ServiceRuntime {
  const state = openEmbeddedState(config.dataDir);
  const jobs = embeddedJobQueue(config, logger);
  return {
    config,
    logger,
    services: { pipeline, simplifier: { simplify: () => Promise.reject(new Error('unused')) }, limits, health: () => ({}), close: async () => undefined },
    queue: jobs.queue,
    limiter: new UserRateLimiter({ maxInFlight: config.userMaxInFlight, maxPerMinute: config.userMaxPerMinute }),
    preferences: new Keyv<UserPreferences>({ store: state.keyvStore, namespace: 'preferences' }),
    tempDir: path.join(config.dataDir, 'tmp'),
    dedupe: state.dedupe,
    close: async () => {
      await jobs.close();
      state.close();
    },
  };
}
