import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Something only one process may do at a time (e.g. long-poll Telegram), held while renewed. */
export interface Lease {
  /** Takes the lease, or renews it when already held; false while another process holds it. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
  /** How long a holder that stops renewing keeps it, in ms: renew well within this. */
  readonly ttlMs: number;
}

/** Extends or deletes the key only while it still holds our token. */
const RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * A lease in Redis: SET NX PX with a random token; renewing and releasing check the token, so a
 * process whose lease ran out (it froze, or lost Redis for a while) cannot take it back from the
 * one that took over.
 */
export class RedisLease implements Lease {
  private readonly token = randomUUID();
  private held = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    /** Defaults to 30000 ms. */
    readonly ttlMs = 30_000,
  ) {}

  async acquire(): Promise<boolean> {
    if (this.held && (await this.redis.eval(RENEW, 1, this.key, this.token, String(this.ttlMs))) === 1) return true;
    this.held = (await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK';
    return this.held;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}
