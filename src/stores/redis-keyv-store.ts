import KeyvRedis, { type RedisClientType } from '@keyv/redis';

/**
 * keyv's Redis store with one fixed namespace (the deployment's prefix). Several Keyv instances
 * share it (preferences, Slack thread memory, the result cache); each Keyv adds its own
 * namespace to its keys, but Keyv also writes its namespace onto the shared store object, so the
 * last one built would otherwise decide the prefix of everybody's keys.
 */
export function createRedisKeyvStore(client: RedisClientType, prefix: string): KeyvRedis<string> {
  const store = new KeyvRedis<string>(client, { namespace: prefix, throwOnConnectError: true, throwOnErrors: true });
  Object.defineProperty(store, 'namespace', { get: () => prefix, set: () => undefined, configurable: true });
  return store;
}
