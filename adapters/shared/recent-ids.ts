/**
 * Ids seen in the last few minutes, in memory: drops the second copy of an event that arrives
 * twice at once (a Slack mention comes as both app_mention and message; a platform retries an
 * event it thinks was not acknowledged) before it costs a store write or counts against a
 * user's limits. Not durable: the job queue's own id dedupe is what holds across restarts.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  /**
   * @param windowMs How long an id is remembered. Defaults to 10 minutes.
   * @param maxIds Ids held at most; the oldest go first. Defaults to 100000.
   */
  constructor(
    private readonly windowMs = 600_000,
    private readonly maxIds = 100_000,
  ) {}

  has(id: string, now = Date.now()): boolean {
    this.forgetOld(now);
    return this.seen.has(id);
  }

  remember(id: string, now = Date.now()): void {
    this.forgetOld(now);
    this.seen.delete(id);
    this.seen.set(id, now);
    if (this.seen.size > this.maxIds) this.seen.delete(this.seen.keys().next().value!);
  }

  /** Forgets an id whose handling failed, so the platform's retry is handled. */
  forget(id: string): void {
    this.seen.delete(id);
  }

  /** True the first time an id is seen within the window (and remembers it). */
  firstTime(id: string, now = Date.now()): boolean {
    if (this.has(id, now)) return false;
    this.remember(id, now);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetOld(now: number): void {
    // Insertion order is time order: stop at the first id still inside the window.
    for (const [id, at] of this.seen) {
      if (now - at < this.windowMs) break;
      this.seen.delete(id);
    }
  }
}
