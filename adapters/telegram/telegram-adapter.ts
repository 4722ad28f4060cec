import { timingSafeEqual } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, webhookCallback, type Context, type NextFunction } from 'grammy';
import type { LanguageCode, UserFromGetMe } from 'grammy/types';
import express, { type Router } from 'express';
import type { ServiceRuntime } from '../../src/app/service-runtime.js';
import { message } from '../../src/core/messages.js';
import { MESSAGE_TABLES } from '../../src/core/message-tables.js';
import type { DedupeStore } from '../../src/jobs/in-memory-job-queue.js';
import type { Lease } from '../../src/stores/redis-lease.js';
import type { ChatAdapter } from '../chat-adapter.js';
import { AllowList } from './allow-list.js';
import { BackgroundSends } from './background-sends.js';
import { ChatSettings, telegramUiLanguage } from './chat-settings.js';
import { messageIntake } from './message-intake.js';
import { BOT_COMMANDS, settingsCommands } from './settings-commands.js';
import { describeError } from './telegram-errors.js';
import { TelegramFileFetcher } from './telegram-file-fetcher.js';
import { TELEGRAM_PLATFORM } from './telegram-job.js';
import { TelegramJobHandler } from './telegram-job-handler.js';
import { TempFiles } from './temp-files.js';

export interface TelegramAdapterOptions {
  /** The bot's own user, when known; skips getMe at start. Defaults to asking the Bot API. */
  botInfo?: UserFromGetMe;
  /** Long-polling wait per getUpdates call, in seconds. Defaults to 30. */
  pollingTimeoutSec?: number;
  /** Retries of a Bot API call after 429 (after retry_after), 5xx or a network error. Defaults to 3. */
  maxRetryAttempts?: number;
  /** A 429 asking to wait longer than this fails the call instead (the job is retried later). Defaults to 60. */
  maxRetryDelaySec?: number;
  /** How often "typing…" / "recording…" is repeated while a job works. Defaults to 4000 ms. */
  chatActionEveryMs?: number;
  /** How long stop() waits for replies still being sent. Defaults to 5000 ms. */
  stopGraceMs?: number;
}

/** The update types the bot asks Telegram for; everything else is never delivered. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** A chat refused by the allow-list hears so once a day, not once per message. */
const REFUSAL_EVERY_MS = 24 * 3600_000;

type State = 'created' | 'starting' | 'running' | 'standby' | 'stopping' | 'stopped' | 'failed';

/**
 * The Telegram edge, built on grammY. Updates arrive by long polling (default) or by webhook
 * (TELEGRAM_WEBHOOK_URL); either way the handler only decides and enqueues, and a job does the
 * work (see TelegramJobHandler).
 *
 * Long polling uses grammY's built-in bot.start(), not @grammyjs/runner: bot.start() asks for the
 * next batch, which confirms the offset to Telegram, only after every handler of the current batch
 * has returned, i.e. after each job was enqueued; the runner fetches ahead and confirms updates
 * before they are handled, so a crash could lose them. Handling a batch in sequence costs nothing
 * here because a handler takes a millisecond or two (a SQLite read and insert); concurrency and
 * per-chat order come from the job queue (its concurrency and orderingKey = the chat).
 */
export function createTelegramAdapter(runtime: ServiceRuntime, options: TelegramAdapterOptions = {}): ChatAdapter {
  return new TelegramAdapter(runtime, options);
}

class TelegramAdapter implements ChatAdapter {
  readonly name = TELEGRAM_PLATFORM;
  private readonly bot: Bot;
  private readonly token: string;
  private readonly mode: 'polling' | 'webhook';
  private readonly background: BackgroundSends;
  private readonly allowList: AllowList;
  private readonly refusedChats = new Map<number, number>();
  private readonly dedupe: DedupeStore;
  private state: State = 'created';
  private polling: Promise<void> | null = null;
  /** With several ingress processes: only the holder long-polls (Telegram allows one poller per bot). */
  private lease: Lease | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private updates = 0;
  private lastError: string | null = null;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly options: TelegramAdapterOptions,
  ) {
    const { config } = runtime;
    this.token = config.telegramBotToken;
    if (!this.token) throw new Error('TELEGRAM_BOT_TOKEN is not set: the Telegram adapter cannot start');
    this.mode = config.telegramWebhookUrl ? 'webhook' : 'polling';
    if (this.mode === 'webhook' && !config.telegramWebhookSecret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL');
    const apiRoot = config.telegramApiRoot.replace(/\/+$/, '');
    this.bot = new Bot(this.token, { client: { apiRoot }, ...(options.botInfo ? { botInfo: options.botInfo } : {}) });
    this.bot.api.config.use(autoRetry({ maxRetryAttempts: options.maxRetryAttempts ?? 3, maxDelaySeconds: options.maxRetryDelaySec ?? 60 }));
    this.background = new BackgroundSends(runtime.logger, this.token);
    this.allowList = new AllowList(config.telegramAllowedChats);
    this.dedupe = runtime.dedupe ?? new MemoryDedupe();

    // A file the pipeline would refuse anyway is not worth downloading.
    const maxFileBytes = Math.min(config.telegramMaxFileBytes, config.maxInputBytes);
    const fetcher = new TelegramFileFetcher({ api: this.bot.api, token: this.token, apiRoot, maxBytes: maxFileBytes, localFilesDir: config.telegramLocalFilesDir });
    const settings = new ChatSettings({ store: runtime.preferences, defaultGrade: config.defaultGrade, defaultLanguage: config.defaultLanguage });
    runtime.queue.register(
      TELEGRAM_PLATFORM,
      new TelegramJobHandler({
        api: this.bot.api,
        pipeline: runtime.pipeline ?? runtime.services.pipeline,
        fetcher,
        tempDir: runtime.tempDir,
        logger: runtime.logger,
        token: this.token,
        isBusy: () => runtime.queue.stats().running >= config.jobConcurrency,
        chatActionEveryMs: options.chatActionEveryMs,
      }),
    );

    this.bot.use((ctx, next) => this.guard(ctx, next));
    this.bot.use(settingsCommands({ settings, background: this.background }));
    this.bot.use(messageIntake({ queue: runtime.queue, limiter: runtime.limiter, settings, background: this.background, maxFileBytes }));
    // The guard catches everything; this only runs if grammY itself fails around it.
    this.bot.catch((err) => this.runtime.logger.error({ updateId: err.ctx.update.update_id, err: describeError(err.error, this.token) }, 'telegram update failed'));
  }

  routes(): Array<{ path: string; router: Router }> {
    if (this.mode !== 'webhook') return [];
    const { telegramWebhookUrl, telegramWebhookSecret } = this.runtime.config;
    const path = new URL(telegramWebhookUrl).pathname || '/';
    const callback = webhookCallback(this.bot, 'express', { secretToken: telegramWebhookSecret, onTimeout: 'throw', timeoutMilliseconds: 10_000 });
    const router = express.Router();
    router.post(
      '/',
      (req, res, next) => {
        // Checked before the body is even parsed: a forged request costs nothing and starts nothing.
        if (!secretMatches(req.header('x-telegram-bot-api-secret-token'), telegramWebhookSecret)) {
          res.status(401).json({ error: 'unauthorized' });
          return;
        }
        // While stopping, Telegram is told to come back later rather than the update being dropped.
        if (this.stopping) {
          res.status(503).json({ error: 'stopping' });
          return;
        }
        next();
      },
      express.json({ limit: '1mb' }),
      async (req, res) => {
        await callback(req, res);
      },
    );
    return [{ path, router }];
  }

  async start(): Promise<void> {
    this.state = 'starting';
    // With REDIS_URL, other processes may share DATA_DIR: only files older than any job can be are theirs no more.
    const shared = this.runtime.config.redisUrl !== '';
    const swept = await TempFiles.sweep(this.runtime.tempDir, shared ? this.runtime.config.jobTimeoutSeconds * 1000 : 0);
    if (swept > 0) this.runtime.logger.info({ files: swept }, 'removed temporary files left by an earlier run');
    if (this.allowList.invalid.length > 0) this.runtime.logger.warn({ entries: this.allowList.invalid }, 'TELEGRAM_ALLOWED_CHATS has entries that are neither chat ids nor @usernames');
    try {
      if (this.mode === 'webhook') await this.startWebhook();
      else await this.startPollingWhenHolder();
    } catch (err) {
      this.state = 'failed';
      this.lastError = describeError(err, this.token);
      throw new Error(`Telegram adapter could not start: ${this.lastError}`);
    }
    this.state = this.mode === 'polling' && !this.bot.isRunning() ? 'standby' : 'running';
    this.background.run(0, 'setMyCommands', () => this.publishCommands());
    this.runtime.logger.info({ mode: this.mode, bot: this.bot.botInfo.username }, 'telegram adapter started');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.state = 'stopping';
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    await this.stopPolling();
    // Handed over at once: a standby ingress takes over polling on its next look.
    await this.lease?.release().catch(() => undefined);
    await this.background.drain(this.options.stopGraceMs ?? 5000);
    this.state = 'stopped';
  }

  private async stopPolling(): Promise<void> {
    if (this.mode === 'polling' && this.bot.isRunning()) {
      // Confirms the offset of the last update handled; the rest of a batch comes again next start.
      await this.bot.stop().catch((err: unknown) => this.runtime.logger.warn({ err: describeError(err, this.token) }, 'could not confirm the last update offset'));
      await this.polling;
    }
  }

  /**
   * Long polling when this process may: always without shared state; with it (REDIS_URL, maybe
   * several ingress processes) only while holding the polling lease. The others stand by and
   * look every third of the lease's time; when the holder stops or dies, one of them takes over,
   * and the offset Telegram keeps means no update is lost in between.
   */
  private async startPollingWhenHolder(): Promise<void> {
    const lease = this.runtime.lease?.('telegram-polling') ?? null;
    if (!lease) return this.startPolling();
    this.lease = lease;
    if (await lease.acquire()) {
      await this.startPolling();
    } else {
      await this.bot.init();
      this.runtime.logger.info('another ingress process long-polls Telegram; this one stands by to take over');
    }
    this.leaseTimer = setInterval(() => void this.keepLease(lease), Math.max(1000, Math.floor(lease.ttlMs / 3)));
    this.leaseTimer.unref();
  }

  private async keepLease(lease: Lease): Promise<void> {
    if (this.stopping) return;
    let held = false;
    try {
      held = await lease.acquire();
    } catch (err) {
      // Not knowing means not polling: after the lease's time another process may have taken it.
      this.runtime.logger.warn({ err: describeError(err, this.token) }, 'could not renew the polling lease');
    }
    if (this.stopping) return;
    if (held && !this.bot.isRunning()) {
      await this.startPolling().then(
        () => {
          this.state = 'running';
          this.runtime.logger.info('took over Telegram long polling');
        },
        (err: unknown) => this.runtime.logger.warn({ err: describeError(err, this.token) }, 'could not take over long polling'),
      );
    } else if (!held && this.bot.isRunning()) {
      await this.stopPolling();
      this.state = 'standby';
      this.runtime.logger.warn('lost the polling lease; standing by');
    }
  }

  health(): Record<string, unknown> {
    return {
      mode: this.mode,
      state: this.state,
      updates: this.updates,
      allowList: this.allowList.enabled,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async startPolling(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      let started = false;
      this.polling = this.bot
        .start({
          allowed_updates: [...ALLOWED_UPDATES],
          timeout: this.options.pollingTimeoutSec ?? 30,
          onStart: () => {
            started = true;
            resolve();
          },
        })
        .catch((err: unknown) => {
          this.lastError = describeError(err, this.token);
          if (!started) return reject(err);
          // 401 (token revoked) or 409 (another instance polls, or a webhook is set) end polling.
          this.state = 'failed';
          this.runtime.logger.error({ err: this.lastError }, 'telegram long polling stopped');
        });
    });
  }

  private async startWebhook(): Promise<void> {
    const { telegramWebhookUrl, telegramWebhookSecret } = this.runtime.config;
    await this.bot.init();
    await this.bot.api.setWebhook(telegramWebhookUrl, { secret_token: telegramWebhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
  }

  /**
   * Runs first for every update: dedupe/allow-list, and the one place errors are logged. An
   * update is marked as seen only after it was handled (its job stored): marked first, a crash
   * in between would make Telegram's redelivery look like a duplicate and the message would be
   * lost. Two replicas handling one update at the same moment are kept apart by the job id's own
   * dedupe in the queue. Updates are handled even while stopping: long polling confirms the
   * batch in hand when it stops, and a webhook request that got past the 503 is still open.
   */
  private async guard(ctx: Context, next: NextFunction): Promise<void> {
    const updateId = ctx.update.update_id;
    const seenKey = `telegram:seen:${updateId}`;
    try {
      if (await this.dedupe.has(seenKey)) {
        this.runtime.logger.debug({ updateId }, 'duplicate update ignored');
        return;
      }
      this.updates += 1;
      const chat = ctx.chat;
      if (chat && !this.allowList.allows({ chatId: chat.id, chatUsername: chat.username, userId: ctx.from?.id, username: ctx.from?.username })) {
        this.refuse(ctx, chat.id);
      } else if (chat) {
        await next();
      }
      await this.dedupe.markIfNew(seenKey);
    } catch (err) {
      this.runtime.logger.error({ updateId, err: describeError(err, this.token) }, 'telegram update failed');
      // Thrown on in webhook mode: the request then fails and Telegram delivers the update again.
      if (this.mode === 'webhook') throw err;
    }
  }

  private refuse(ctx: Context, chatId: number): void {
    const text = message(telegramUiLanguage(ctx.from?.language_code), 'access.denied');
    if (ctx.callbackQuery) {
      this.background.run(ctx.update.update_id, 'access refusal', () => ctx.answerCallbackQuery({ text }));
      return;
    }
    const now = Date.now();
    const last = this.refusedChats.get(chatId);
    if (last !== undefined && now - last < REFUSAL_EVERY_MS) return;
    if (this.refusedChats.size >= 10_000) this.refusedChats.clear();
    this.refusedChats.set(chatId, now);
    this.background.run(ctx.update.update_id, 'access refusal', () => ctx.api.sendMessage(chatId, text));
  }

  /** The command menu, in every language the message tables have. */
  private async publishCommands(): Promise<void> {
    for (const language of Object.keys(MESSAGE_TABLES)) {
      const commands = BOT_COMMANDS.map((command) => ({ command, description: message(language, `command.${command}`) }));
      await this.bot.api.setMyCommands(commands, language === 'en' ? {} : { language_code: language as LanguageCode });
    }
  }
}

function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Used only when the runtime has no persisted store (tests of other parts); forgets on restart. */
class MemoryDedupe implements DedupeStore {
  private readonly seen = new Set<string>();
  async has(id: string): Promise<boolean> {
    return this.seen.has(id);
  }
  async markIfNew(id: string): Promise<boolean> {
    if (this.seen.has(id)) return false;
    if (this.seen.size >= 100_000) this.seen.clear();
    this.seen.add(id);
    return true;
  }
}
