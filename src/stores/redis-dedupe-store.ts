import type { RedisClientType } from '@keyv/redis';
import type { DedupeStore } from '../jobs/in-memory-job-queue.js';

/**
 * The dedupe window in Redis, on the connection keyv's Redis store uses: SET NX with an expiry
 * is "check and mark" in one atomic command, so two ingress replicas receiving the same update
 * at the same moment still count it once.
 */
export class RedisDedupeStore implements DedupeStore {
  constructor(
    private readonly client: Pick<RedisClientType, 'set' | 'exists'>,
    private readonly prefix: string,
    /** How long an id is remembered. Defaults to 48 hours (Telegram keeps updates for 24 h). */
    private readonly windowMs = 48 * 3600_000,
  ) {}

  async markIfNew(id: string): Promise<boolean> {
    const reply = await this.client.set(this.key(id), '1', { condition: 'NX', expiration: { type: 'PX', value: this.windowMs } });
    return reply === 'OK';
  }

  async has(id: string): Promise<boolean> {
    return (await this.client.exists(this.key(id))) === 1;
  }

  private key(id: string): string {
    return `${this.prefix}:dedupe:${id}`;
  }
}
