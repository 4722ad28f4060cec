import { createClient, type RedisClientType } from '@keyv/redis';
import type KeyvRedis from '@keyv/redis';
import { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import { createRedisKeyvStore } from './redis-keyv-store.js';

/** The service's two connections to one Redis: BullMQ speaks ioredis, keyv's Redis store speaks node-redis. */
export interface RedisClients {
  /** For BullMQ and the job bookkeeping beside it. */
  queue: Redis;
  /** For keyv (preferences, thread memory, the result cache) and the dedupe window. */
  shared: RedisClientType;
  keyvStore: KeyvRedis<string>;
  /** Connects both and checks the server answers; call before using them. */
  ready(): Promise<void>;
  /** For /healthz: rejects unless both connections are up and Redis answers a PING within timeoutMs. */
  check(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function createRedisClients(url: string, prefix: string, logger: Logger, readyTimeoutMs = 15_000): RedisClients {
  // null: BullMQ's workers block on Redis and must not give up a command after N retries.
  const queue = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  const shared = createClient({ url }) as RedisClientType;
  // The URL may carry a password: errors are logged by message only.
  queue.on('error', (err: Error) => logger.warn({ err: err.message }, 'Redis (queue connection) problem'));
  shared.on('error', (err: Error) => logger.warn({ err: err.message }, 'Redis (shared state connection) problem'));
  let connecting: Promise<void> | null = null;
  return {
    queue,
    shared,
    keyvStore: createRedisKeyvStore(shared, prefix),
    ready: () =>
      (connecting ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        // Both clients keep retrying a refused connection; start-up gives up after a while instead.
        const giveUp = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs)));
        try {
          await Promise.race([
            (async () => {
              await Promise.all([queue.status === 'wait' ? queue.connect() : Promise.resolve(), shared.isOpen ? Promise.resolve() : shared.connect().then(() => undefined)]);
              await Promise.all([queue.ping(), shared.ping()]);
            })(),
            giveUp,
          ]);
        } finally {
          clearTimeout(timer);
        }
      })()),
    check: async (timeoutMs = 2000) => {
      if (queue.status !== 'ready' || !shared.isReady) throw new Error(`not connected to Redis (${queue.status})`);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer a PING within ${timeoutMs} ms`)), timeoutMs)));
      try {
        await Promise.race([Promise.all([queue.ping(), shared.ping()]), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      // Graceful when connected; a client still retrying a refused connection is just dropped.
      await Promise.allSettled([
        queue.status === 'ready' ? queue.quit() : Promise.resolve(queue.disconnect()),
        shared.isReady ? shared.close() : Promise.resolve(shared.isOpen ? shared.destroy() : undefined),
      ]);
    },
  };
}
