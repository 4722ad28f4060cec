import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedStepLog } from '../jobs/job-steps.js';

/** Deletes a claim only while it is still ours: an expired claim may belong to someone else now. */
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Completed steps of each job in a Redis hash, beside the BullMQ queue, so a worker on another
 * machine resumes a job knowing what was already sent. Claims (SET NX PX) keep the ingress's
 * accepted hook and a worker from sending the same step at once. Hashes expire a week after the
 * last step: a job's steps outlive the job's own retention.
 */
export class RedisStepLog implements SharedStepLog {
  /** The token of each claim this process holds, by claim key. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly keepMs = 7 * 24 * 3600_000,
  ) {}

  async load(jobId: string): Promise<Map<string, unknown>> {
    const all = await this.redis.hgetall(this.stepsKey(jobId));
    return new Map(Object.entries(all).map(([name, json]) => [name, JSON.parse(json) as unknown]));
  }

  async record(jobId: string, name: string, result: unknown): Promise<void> {
    await this.redis.multi().hset(this.stepsKey(jobId), name, JSON.stringify(result ?? null)).pexpire(this.stepsKey(jobId), this.keepMs).exec();
  }

  async get(jobId: string, name: string): Promise<{ found: true; result: unknown } | { found: false }> {
    const json = await this.redis.hget(this.stepsKey(jobId), name);
    return json === null ? { found: false } : { found: true, result: JSON.parse(json) as unknown };
  }

  async claim(jobId: string, name: string, ttlMs: number): Promise<boolean> {
    const key = this.claimKey(jobId, name);
    const token = randomUUID();
    if ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return false;
    this.held.set(key, token);
    return true;
  }

  async release(jobId: string, name: string): Promise<void> {
    const key = this.claimKey(jobId, name);
    const token = this.held.get(key);
    if (token === undefined) return;
    this.held.delete(key);
    await this.redis.eval(RELEASE, 1, key, token);
  }

  private stepsKey(jobId: string): string {
    return `${this.prefix}:steps:${jobId}`;
  }

  private claimKey(jobId: string, name: string): string {
    return `${this.prefix}:step-claim:${jobId}:${name}`;
  }
}
