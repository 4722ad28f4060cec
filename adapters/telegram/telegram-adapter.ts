import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Router } from 'express';
import type { ServiceRuntime } from '../../src/app/service-runtime.js';
import type { ChatAdapter } from '../chat-adapter.js';
import { MemoryDedupeStore } from '../shared/memory-dedupe-store.js';
import { AccessGuard } from './access-guard.js';
import { AllowList } from './allow-list.js';
import { BackgroundSends } from './background-sends.js';
import { ChatSettings } from './chat-settings.js';
import { messageIntake } from './message-intake.js';
import { TelegramPolling } from './polling-lease.js';
import { publishCommands } from './publish-commands.js';
import { settingsCommands } from './settings-commands.js';
import { describeError } from './telegram-errors.js';
import { TelegramFileFetcher } from './telegram-file-fetcher.js';
import { TELEGRAM_PLATFORM, TELEGRAM_TEMP_PREFIX } from './telegram-job.js';
import { TelegramJobHandler } from './telegram-job-handler.js';
import { TempFiles } from '../shared/temp-files.js';
import { telegramWebhookRoute } from './webhook-route.js';

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

type State = 'created' | 'starting' | 'running' | 'standby' | 'stopping' | 'stopped' | 'failed';

/**
 * The Telegram edge, built on grammY. Updates arrive by long polling (default, see
 * TelegramPolling) or by webhook (TELEGRAM_WEBHOOK_URL, see telegramWebhookRoute); either way the
 * handler only decides and enqueues, and a job does the work (see TelegramJobHandler).
 *
 * Updates are handled one batch at a time; that costs nothing here because a handler takes a
 * millisecond or two (a SQLite read and insert); concurrency and per-chat order come from the
 * job queue (its concurrency and orderingKey = the chat).
 */
export function createTelegramAdapter(runtime: ServiceRuntime, options: TelegramAdapterOptions = {}): ChatAdapter {
  return new TelegramAdapter(runtime, options);
}

/** Lifecycle: wires the pieces at construction, then start, stop and health. */
class TelegramAdapter implements ChatAdapter {
  readonly name = TELEGRAM_PLATFORM;
  private readonly bot: Bot;
  private readonly token: string;
  private readonly mode: 'polling' | 'webhook';
  private readonly background: BackgroundSends;
  private readonly allowList: AllowList;
  private readonly guard: AccessGuard;
  private polling: TelegramPolling | null = null;
  private state: State = 'created';
  private stopping = false;
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
    this.guard = new AccessGuard({
      dedupe: runtime.dedupe ?? new MemoryDedupeStore(),
      allowList: this.allowList,
      background: this.background,
      logger: runtime.logger,
      token: this.token,
      rethrow: this.mode === 'webhook',
    });

    // A file the pipeline would refuse anyway is not worth downloading.
    const maxFileBytes = Math.min(config.telegramMaxFileBytes, config.maxInputBytes);
    const fetcher = new TelegramFileFetcher({ api: this.bot.api, token: this.token, apiRoot, maxBytes: maxFileBytes });
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

    this.bot.use(this.guard.middleware);
    this.bot.use(settingsCommands({ settings, background: this.background }));
    this.bot.use(messageIntake({ queue: runtime.queue, limiter: runtime.limiter, settings, background: this.background, maxFileBytes }));
    // The guard catches everything; this only runs if grammY itself fails around it.
    this.bot.catch((err) => this.runtime.logger.error({ updateId: err.ctx.update.update_id, err: describeError(err.error, this.token) }, 'telegram update failed'));
  }

  routes(): Array<{ path: string; router: Router }> {
    if (this.mode !== 'webhook') return [];
    const { telegramWebhookUrl, telegramWebhookSecret } = this.runtime.config;
    return [telegramWebhookRoute(this.bot, { url: telegramWebhookUrl, secret: telegramWebhookSecret, isStopping: () => this.stopping })];
  }

  async start(): Promise<void> {
    this.state = 'starting';
    // With REDIS_URL, other processes may share DATA_DIR: only files older than any job can be are theirs no more.
    const shared = this.runtime.config.redisUrl !== '';
    const swept = await TempFiles.sweep(this.runtime.tempDir, TELEGRAM_TEMP_PREFIX, shared ? this.runtime.config.jobTimeoutSeconds * 1000 : 0);
    if (swept > 0) this.runtime.logger.info({ files: swept }, 'removed temporary files left by an earlier run');
    if (this.allowList.invalid.length > 0) this.runtime.logger.warn({ entries: this.allowList.invalid }, 'TELEGRAM_ALLOWED_CHATS has entries that are neither chat ids nor @usernames');
    let started: 'running' | 'standby';
    try {
      started = this.mode === 'webhook' ? await this.startWebhook() : await this.startPolling();
    } catch (err) {
      this.state = 'failed';
      this.lastError = describeError(err, this.token);
      throw new Error(`Telegram adapter could not start: ${this.lastError}`);
    }
    this.state = started;
    this.background.run(0, 'setMyCommands', () => publishCommands(this.bot.api));
    this.runtime.logger.info({ mode: this.mode, bot: this.bot.botInfo.username }, 'telegram adapter started');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.state = 'stopping';
    await this.polling?.stop();
    await this.background.drain(this.options.stopGraceMs ?? 5000);
    this.state = 'stopped';
  }

  health(): Record<string, unknown> {
    return {
      mode: this.mode,
      state: this.state,
      updates: this.guard.updates,
      allowList: this.allowList.enabled,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async startPolling(): Promise<'running' | 'standby'> {
    this.polling = new TelegramPolling({
      bot: this.bot,
      logger: this.runtime.logger,
      token: this.token,
      allowedUpdates: ALLOWED_UPDATES,
      timeoutSec: this.options.pollingTimeoutSec,
      lease: this.runtime.lease?.('telegram-polling') ?? null,
      onState: (state) => {
        this.state = state;
      },
      onError: (text) => {
        this.lastError = text;
      },
    });
    return this.polling.start();
  }

  private async startWebhook(): Promise<'running'> {
    const { telegramWebhookUrl, telegramWebhookSecret } = this.runtime.config;
    await this.bot.init();
    await this.bot.api.setWebhook(telegramWebhookUrl, { secret_token: telegramWebhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
    return 'running';
  }
}
