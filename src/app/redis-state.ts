import Keyv from 'keyv';
import type { Config } from '../../config/settings.js';
import type { ResultStore } from '../cache/result-store.js';
import { BullmqJobQueue } from '../jobs/bullmq-job-queue.js';
import type { DedupeStore } from '../jobs/in-memory-job-queue.js';
import type { JobRunOptions } from '../jobs/job-run-options.js';
import type { Logger } from '../log/logger.js';
import { createRedisClients } from '../stores/redis-clients.js';
import { RedisDedupeStore } from '../stores/redis-dedupe-store.js';
import { RedisJobIndex } from '../stores/redis-job-index.js';
import { RedisLease, type Lease } from '../stores/redis-lease.js';
import { RedisResultStore } from '../stores/redis-result-store.js';
import { RedisStepLog } from '../stores/redis-step-log.js';
import type { ServiceRole, UserPreferences } from './service-role.js';

/** The service's state when it is shared through Redis (REDIS_URL): see createServiceRuntime. */
export interface RedisState {
  queue: BullmqJobQueue;
  preferences: Keyv<UserPreferences>;
  dedupe: DedupeStore;
  /** Null when the result cache is off (RESULT_CACHE_MAX_BYTES=0). */
  cacheStore: ResultStore | null;
  lease(name: string): Lease;
  ready(): Promise<void>;
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Jobs through BullMQ; preferences, dedupe and the result cache through keyv's Redis store, so any
 * number of ingress and worker processes can run against one Redis. Its own module, imported by
 * createServiceRuntime only when REDIS_URL is set: bullmq, ioredis and node-redis cost ~50 MB of
 * resident memory once loaded, which the embedded store (DATA_DIR) never needs.
 */
export function openRedisState(config: Config, logger: Logger, common: JobRunOptions, role: ServiceRole): RedisState {
  const redis = createRedisClients(config.redisUrl, config.redisPrefix, logger);
  const dedupe = new RedisDedupeStore(redis.shared, config.redisPrefix);
  return {
    queue: new BullmqJobQueue({
      ...common,
      connection: redis.queue,
      prefix: config.redisPrefix,
      role: { ingress: role !== 'worker', worker: role !== 'ingress' },
      dedupe,
      steps: new RedisStepLog(redis.queue, config.redisPrefix),
      index: new RedisJobIndex(redis.queue, config.redisPrefix),
    }),
    preferences: new Keyv<UserPreferences>({ store: redis.keyvStore, namespace: 'preferences' }),
    dedupe,
    cacheStore: config.resultCacheMaxBytes > 0
      ? new RedisResultStore({ entries: new Keyv<string>({ store: redis.keyvStore, namespace: 'result-cache' }), client: redis.shared, prefix: config.redisPrefix, maxBytes: config.resultCacheMaxBytes })
      : null,
    lease: (name) => new RedisLease(redis.queue, `${config.redisPrefix}:lease:${name}`),
    ready: () => redis.ready(),
    check: () => redis.check(),
    close: () => redis.close(),
  };
}
