import type { Redis } from 'ioredis';

/** How long the bookkeeping of one job may outlive it if a process dies mid-way. */
const KEEP_MS = 7 * 24 * 3600_000;

/**
 * What the BullMQ queue keeps beside BullMQ's own keys, so that open-source BullMQ gives the
 * guarantees the service needs:
 * - per chat, a sorted set of its unfinished jobs by arrival number: only the head runs, so one
 *   chat's jobs run one at a time and in order, across any number of workers;
 * - per user, the set of unfinished jobs: the per-user in-flight limit;
 * - per job, the runs started (crashes count: a job that kills its worker is not retried forever),
 *   the last failure's reason, and a "parking" mark while the apology is being sent.
 * Empty sets vanish by themselves in Redis; the per-job keys are deleted when the job finishes.
 */
export class RedisJobIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The arrival number of a new job: global, so order within a chat is arrival order. */
  async nextSeq(): Promise<number> {
    return this.redis.incr(`${this.prefix}:seq`);
  }

  /** Records the job as unfinished in its chat and for its user (both idempotent). */
  async add(id: string, orderingKey: string, userKey: string, seq: number): Promise<void> {
    await this.redis.multi().zadd(this.chat(orderingKey), 'NX', seq, id).sadd(this.user(userKey), id).exec();
  }

  /** The oldest unfinished job of the chat. */
  async head(orderingKey: string): Promise<string | null> {
    const [first] = await this.redis.zrange(this.chat(orderingKey), 0, 0);
    return first ?? null;
  }

  async dropFromChat(orderingKey: string, id: string): Promise<void> {
    await this.redis.zrem(this.chat(orderingKey), id);
  }

  async userJobs(userKey: string): Promise<string[]> {
    return this.redis.smembers(this.user(userKey));
  }

  async dropFromUser(userKey: string, id: string): Promise<void> {
    await this.redis.srem(this.user(userKey), id);
  }

  /** Forgets the finished job everywhere. */
  async finish(id: string, orderingKey: string, userKey: string): Promise<void> {
    await this.redis
      .multi()
      .zrem(this.chat(orderingKey), id)
      .srem(this.user(userKey), id)
      .del(this.jobKey(id, 'runs'), this.jobKey(id, 'reason'), this.jobKey(id, 'parking'))
      .exec();
  }

  /** Counts a started run; returns the runs so far, this one included. */
  async countRun(id: string): Promise<number> {
    const key = this.jobKey(id, 'runs');
    const [[, runs] = []] = (await this.redis.multi().incr(key).pexpire(key, KEEP_MS).exec()) ?? [];
    return Number(runs);
  }

  /** Takes back a run the service stopped (a shutdown), not the job. */
  async uncountRun(id: string): Promise<void> {
    await this.redis.decr(this.jobKey(id, 'runs'));
  }

  async setReason(id: string, reason: string): Promise<void> {
    await this.redis.set(this.jobKey(id, 'reason'), reason, 'PX', KEEP_MS);
  }

  async reason(id: string): Promise<string | null> {
    return this.redis.get(this.jobKey(id, 'reason'));
  }

  /** Set before the apology is sent: a worker that finds it on a job finishes parking it. */
  async markParking(id: string, reason: string): Promise<void> {
    await this.redis.set(this.jobKey(id, 'parking'), reason, 'PX', KEEP_MS);
  }

  async parking(id: string): Promise<string | null> {
    return this.redis.get(this.jobKey(id, 'parking'));
  }

  private chat(orderingKey: string): string {
    return `${this.prefix}:chat:${orderingKey}`;
  }

  private user(userKey: string): string {
    return `${this.prefix}:user:${userKey}`;
  }

  private jobKey(id: string, what: string): string {
    return `${this.prefix}:job:${what}:${id}`;
  }
}
