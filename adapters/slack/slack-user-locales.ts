import { LRUCache } from 'lru-cache';
import type { Logger } from '../../src/log/logger.js';
import { slackPlatformError } from './slack-errors.js';

/** The one Web API call this needs, as Bolt's WebClient has it. */
export interface UsersInfoClient {
  users: { info(args: { user: string; include_locale: boolean }): Promise<{ user?: { locale?: string } }> };
}

export interface SlackUserLocalesOptions {
  client: UsersInfoClient;
  logger: Logger;
  /** Longest wait for users.info before answering without a locale (listeners must ack within 3 s). Defaults to 1500 ms. */
  timeoutMs?: number;
  /** How long a user's locale is remembered. Defaults to 24 hours. */
  ttlMs?: number;
  /** How long a failed lookup (not a missing scope) is remembered, so a flaky API is not asked on every message. Defaults to 10 minutes. */
  failureTtlMs?: number;
  /** Users remembered at once. Defaults to 5000. */
  max?: number;
}

/** The scope users.info needs for a bot token. */
export const USERS_READ_SCOPE = 'users:read';

/**
 * Each Slack user's locale ("hi-IN", "ta-IN", "en-US"), Slack's language for them: the app
 * language of the conversation (src/conversation/conversation-language.ts). Read with
 * users.info include_locale=true, once per user (remembered for a day; concurrent lookups share
 * one call). An installation without the users:read scope answers missing_scope: that is said
 * once in the log, the team is not asked again, and every user there gets null, so the
 * conversation falls back to DEFAULT_LANGUAGE without the teacher seeing anything.
 */
export class SlackUserLocales {
  private readonly cache: LRUCache<string, { locale: string | null }>;
  private readonly pending = new Map<string, { answer: Promise<string | null>; deadline: number }>();
  private readonly teamsWithoutScope = new Set<string>();

  constructor(private readonly options: SlackUserLocalesOptions) {
    this.cache = new LRUCache({ max: options.max ?? 5000, ttl: options.ttlMs ?? 24 * 3600_000 });
  }

  /** The user's locale, or null when Slack does not say (no scope, an error, too slow). Never throws. */
  async localeOf(teamId: string, userId: string): Promise<string | null> {
    if (this.teamsWithoutScope.has(teamId)) return null;
    const key = `${teamId}:${userId}`;
    const cached = this.cache.get(key);
    if (cached) return cached.locale;
    let lookup = this.pending.get(key);
    if (!lookup) {
      const deadline = Date.now() + (this.options.timeoutMs ?? 1500);
      lookup = { answer: this.lookUp(teamId, userId, key).finally(() => this.pending.delete(key)), deadline };
      this.pending.set(key, lookup);
    }
    // One deadline per lookup, not per message: the WebClient's retries and rate-limit waits can
    // keep users.info going for many seconds, and each later message from the user would
    // otherwise wait the whole timeout again. Past the deadline it answers null at once.
    const wait = lookup.deadline - Date.now();
    if (wait <= 0) return null;
    let timer: NodeJS.Timeout | undefined;
    const tooSlow = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), wait)));
    // A slow answer still lands in the cache for the next message.
    const locale = await Promise.race([lookup.answer, tooSlow]);
    clearTimeout(timer);
    return locale;
  }

  private async lookUp(teamId: string, userId: string, key: string): Promise<string | null> {
    try {
      const answer = await this.options.client.users.info({ user: userId, include_locale: true });
      const locale = typeof answer.user?.locale === 'string' && answer.user.locale ? answer.user.locale : null;
      this.cache.set(key, { locale });
      return locale;
    } catch (err) {
      const platform = slackPlatformError(err);
      if (platform?.error === 'missing_scope') {
        this.teamsWithoutScope.add(teamId);
        this.options.logger.info({ teamId, scope: platform.needed ?? USERS_READ_SCOPE }, `Slack users.info needs the ${USERS_READ_SCOPE} scope to read each user's language; until it is added (adapters/slack/manifest.yml, reinstall the app) the bot speaks DEFAULT_LANGUAGE`);
        return null;
      }
      this.options.logger.debug({ teamId, err: platform?.error ?? (err instanceof Error ? err.name : 'error') }, 'Slack users.info failed; the user\'s language falls back to DEFAULT_LANGUAGE for now');
      this.cache.set(key, { locale: null }, { ttl: this.options.failureTtlMs ?? 10 * 60_000 });
      return null;
    }
  }
}
