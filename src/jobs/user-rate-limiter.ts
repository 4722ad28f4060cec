export interface UserLimits {
  /** Jobs one user may have accepted and unfinished. Defaults to 2. */
  maxInFlight: number;
  /** Jobs one user may start per rolling minute. Defaults to 6. */
  maxPerMinute: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; notify: boolean; reason: 'in-flight' | 'per-minute' };

/**
 * Per-user limits with one notice per burst: the first refused message in a burst gets a reply,
 * the rest of that burst are dropped quietly, so a user pasting 20 photos hears "slow down" once.
 */
export class UserRateLimiter {
  private readonly starts = new Map<string, number[]>();
  private readonly notified = new Set<string>();

  constructor(
    private readonly limits: UserLimits,
    private readonly now: () => number = Date.now,
  ) {}

  check(userKey: string, inFlight: number): LimitDecision {
    const now = this.now();
    const recent = (this.starts.get(userKey) ?? []).filter((t) => now - t < 60_000);
    this.starts.set(userKey, recent);
    const reason = inFlight >= this.limits.maxInFlight ? 'in-flight' : recent.length >= this.limits.maxPerMinute ? 'per-minute' : null;
    if (reason) {
      const notify = !this.notified.has(userKey);
      this.notified.add(userKey);
      return { allowed: false, notify, reason };
    }
    this.notified.delete(userKey);
    recent.push(now);
    if (this.starts.size > 10_000) this.forgetIdle(now);
    return { allowed: true };
  }

  private forgetIdle(now: number): void {
    for (const [key, times] of this.starts) if (times.every((t) => now - t >= 60_000)) this.starts.delete(key);
  }
}
