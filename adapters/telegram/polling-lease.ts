import type { Bot } from 'grammy';
import type { Logger } from '../../src/app/logger.js';
import type { Lease } from '../../src/stores/redis-lease.js';
import { describeError } from './telegram-errors.js';

export interface TelegramPollingOptions {
  bot: Bot;
  logger: Logger;
  /** Kept out of logged errors. */
  token: string;
  /** The update types asked for. */
  allowedUpdates: readonly string[];
  /** Long-polling wait per getUpdates call, in seconds. Defaults to 30. */
  timeoutSec?: number;
  /** The shared polling lease when several ingress processes may run; null polls unconditionally. */
  lease: Lease | null;
  /** Told when polling starts, stands by or fails after it had started. */
  onState: (state: 'running' | 'standby' | 'failed') => void;
  /** Told the last error, for health. */
  onError: (text: string) => void;
}

/**
 * Long polling when this process may: always without shared state; with it (REDIS_URL, maybe
 * several ingress processes) only while holding the polling lease, since Telegram allows one
 * poller per bot. The others stand by and look every third of the lease's time; when the holder
 * stops or dies, one of them takes over, and the offset Telegram keeps means no update is lost
 * in between.
 */
export class TelegramPolling {
  private polling: Promise<void> | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(private readonly options: TelegramPollingOptions) {}

  /** Starts polling, or stands by while another process holds the lease. */
  async start(): Promise<'running' | 'standby'> {
    const { lease, bot } = this.options;
    if (!lease) {
      await this.startPolling();
      return 'running';
    }
    if (await lease.acquire()) {
      await this.startPolling();
    } else {
      await bot.init();
      this.options.logger.info('another ingress process long-polls Telegram; this one stands by to take over');
    }
    this.leaseTimer = setInterval(() => void this.keepLease(lease), Math.max(1000, Math.floor(lease.ttlMs / 3)));
    this.leaseTimer.unref();
    return bot.isRunning() ? 'running' : 'standby';
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    await this.stopPolling();
    // Handed over at once: a standby ingress takes over polling on its next look.
    await this.options.lease?.release().catch(() => undefined);
  }

  private async stopPolling(): Promise<void> {
    const { bot, logger, token } = this.options;
    if (!bot.isRunning()) return;
    // Confirms the offset of the last update handled; the rest of a batch comes again next start.
    await bot.stop().catch((err: unknown) => logger.warn({ err: describeError(err, token) }, 'could not confirm the last update offset'));
    await this.polling;
  }

  private async keepLease(lease: Lease): Promise<void> {
    const { bot, logger, token } = this.options;
    if (this.stopping) return;
    let held = false;
    try {
      held = await lease.acquire();
    } catch (err) {
      // Not knowing means not polling: after the lease's time another process may have taken it.
      logger.warn({ err: describeError(err, token) }, 'could not renew the polling lease');
    }
    if (this.stopping) return;
    if (held && !bot.isRunning()) {
      await this.startPolling().then(
        () => {
          this.options.onState('running');
          logger.info('took over Telegram long polling');
        },
        (err: unknown) => logger.warn({ err: describeError(err, token) }, 'could not take over long polling'),
      );
    } else if (!held && bot.isRunning()) {
      await this.stopPolling();
      this.options.onState('standby');
      logger.warn('lost the polling lease; standing by');
    }
  }

  /**
   * grammY's bot.start(), not @grammyjs/runner: bot.start() asks for the next batch, which
   * confirms the offset to Telegram, only after every handler of the current batch has returned,
   * i.e. after each job was enqueued; the runner fetches ahead and confirms updates before they
   * are handled, so a crash could lose them.
   */
  private async startPolling(): Promise<void> {
    const { bot, logger, token } = this.options;
    await new Promise<void>((resolve, reject) => {
      let started = false;
      this.polling = bot
        .start({
          allowed_updates: [...this.options.allowedUpdates] as NonNullable<Parameters<Bot['start']>[0]>['allowed_updates'],
          timeout: this.options.timeoutSec ?? 30,
          onStart: () => {
            started = true;
            resolve();
          },
        })
        .catch((err: unknown) => {
          const text = describeError(err, token);
          this.options.onError(text);
          if (!started) return reject(err);
          // 401 (token revoked) or 409 (another instance polls, or a webhook is set) end polling.
          this.options.onState('failed');
          logger.error({ err: text }, 'telegram long polling stopped');
        });
    });
  }
}
