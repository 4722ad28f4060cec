import type { EnqueueOutcome, JobQueue } from '../../src/core/job.js';
import { message } from '../../src/core/messages.js';
import type { UserRateLimiter } from '../../src/jobs/user-rate-limiter.js';
import { RecentIds } from '../shared/recent-ids.js';
import type { SlackJob } from './slack-job.js';
import type { SlackThreadMemory } from './slack-thread-memory.js';

export type IntakeOutcome = EnqueueOutcome | 'limited' | 'seen';

export interface SlackIntakeOptions {
  queue: JobQueue;
  limiter: UserRateLimiter;
  threads: SlackThreadMemory;
  /** Tells the user something privately, after the acknowledgement (never awaited by intake). */
  notify: (job: SlackJob, text: string) => void;
  /** How long a job id is remembered in memory to drop the second copy of a message at once. Defaults to 10 minutes. */
  recentMs?: number;
}

/**
 * Accepts jobs from listeners: drops the second delivery of a message (a mention arrives as both
 * app_mention and message; Slack retries unacknowledged events) before it can count against the
 * user's limits, applies the per-user limits with one notice per burst, stores the job, and
 * remembers the thread so later files dropped into it are answered. Everything here is quick:
 * it runs before Slack gets its acknowledgement.
 */
export class SlackIntake {
  private readonly recent: RecentIds;
  private readonly counts = { accepted: 0, duplicate: 0, busy: 0, limited: 0, seen: 0 };

  constructor(private readonly options: SlackIntakeOptions) {
    this.recent = new RecentIds(options.recentMs ?? 600_000);
  }

  /** True the first time an id is seen within the memory window (for notices that are not jobs). */
  firstTime(id: string): boolean {
    return this.recent.firstTime(id);
  }

  /** `notify: false` leaves limit and busy notices to the caller (a slash command answers in its acknowledgement). */
  async accept(job: SlackJob, options: { notify?: boolean } = {}): Promise<IntakeOutcome> {
    if (this.recent.has(job.id)) return this.count('seen');
    const notify = options.notify ?? true;
    const { queue, limiter } = this.options;
    const decision = limiter.check(job.userKey, await queue.inFlight(job.userKey));
    if (!decision.allowed) {
      if (decision.notify && notify) this.options.notify(job, message(job.payload.uiLanguage, 'limit.slow-down'));
      return this.count('limited');
    }
    this.recent.remember(job.id);
    let outcome: EnqueueOutcome;
    try {
      outcome = await queue.enqueue(job);
    } catch (err) {
      // Not stored: let Slack's retry try again.
      this.recent.forget(job.id);
      throw err;
    }
    if (outcome === 'busy') {
      this.recent.forget(job.id);
      if (notify) this.options.notify(job, message(job.payload.uiLanguage, 'error.busy'));
    }
    if (outcome === 'accepted' && job.payload.threadTs) await this.options.threads.remember(job.payload.teamId, job.payload.channel, job.payload.threadTs);
    return this.count(outcome);
  }

  stats(): Readonly<typeof this.counts> {
    return { ...this.counts };
  }

  private count(outcome: IntakeOutcome): IntakeOutcome {
    this.counts[outcome] += 1;
    return outcome;
  }
}
