import type { RedisClientType } from '@keyv/redis';
import type Keyv from 'keyv';
import type { ResultStore } from '../cache/result-store.js';

export interface RedisResultStoreOptions {
  /** Keyv over the shared Redis store (namespace "result-cache"): holds the entries, with their TTL. */
  entries: Keyv<string>;
  /** The same connection keyv uses, for the size index. */
  client: RedisClientType;
  prefix: string;
  /** Most bytes kept, all processes together; the least recently used entries go first. */
  maxBytes: number;
  /** Clock, in ms. Defaults to Date.now. */
  now?: () => number;
}

/**
 * The result cache shared by every worker: entries through keyv's Redis store (keyv keeps the
 * TTL), and beside them an index (a sorted set by last use, a hash of sizes) that bounds the
 * total. Each write trims the index: entries past their TTL (Redis already dropped them), then
 * the least recently used until the total fits. Workers writing at once may overshoot by an
 * entry or two for a moment; the next write trims it.
 */
export class RedisResultStore implements ResultStore {
  private readonly useKey: string;
  private readonly sizeKey: string;
  private readonly now: () => number;

  constructor(private readonly options: RedisResultStoreOptions) {
    this.useKey = `${options.prefix}:result-cache:used`;
    this.sizeKey = `${options.prefix}:result-cache:bytes`;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<Buffer | undefined> {
    const value = await this.options.entries.get(key);
    if (value === undefined) {
      // Expired in Redis (its TTL runs from the write, the index orders by use): forget its size too.
      await this.options.client.multi().zRem(this.useKey, key).hDel(this.sizeKey, key).exec();
      return undefined;
    }
    await this.options.client.zAdd(this.useKey, { score: this.now(), value: key }, { condition: 'XX' });
    return Buffer.from(value, 'base64');
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    if (value.length > this.options.maxBytes) return;
    await this.options.entries.set(key, value.toString('base64'), ttlMs);
    const now = this.now();
    await this.options.client.multi().zAdd(this.useKey, { score: now, value: key }).hSet(this.sizeKey, key, value.length).exec();
    await this.trim(now - ttlMs);
  }

  async size(): Promise<{ entries: number; bytes: number }> {
    const sizes = await this.options.client.hVals(this.sizeKey);
    return { entries: sizes.length, bytes: sizes.reduce((sum, s) => sum + Number(s), 0) };
  }

  private async trim(expiredBefore: number): Promise<void> {
    const { client, entries } = this.options;
    const expired = await client.zRangeByScore(this.useKey, '-inf', expiredBefore);
    if (expired.length > 0) await client.multi().zRem(this.useKey, expired).hDel(this.sizeKey, expired).exec();
    let { bytes } = await this.size();
    while (bytes > this.options.maxBytes) {
      const oldest = await client.zRange(this.useKey, 0, 15);
      if (oldest.length === 0) return;
      const sizes = await client.hmGet(this.sizeKey, oldest);
      for (const [i, victim] of oldest.entries()) {
        if (bytes <= this.options.maxBytes) break;
        await entries.delete(victim);
        await client.multi().zRem(this.useKey, victim).hDel(this.sizeKey, victim).exec();
        bytes -= Number(sizes[i] ?? 0);
      }
    }
  }
}
