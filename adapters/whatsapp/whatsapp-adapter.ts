import type { Router } from 'express';
import type { ServiceRuntime } from '../../src/app/service-runtime.js';
import type { ChatAdapter } from '../chat-adapter.js';
import { MemoryDedupeStore } from '../shared/memory-dedupe-store.js';
import { PhaseTimings } from '../shared/phase-timings.js';
import { TempFiles } from '../shared/temp-files.js';
import { AllowedNumbers } from './allowed-numbers.js';
import { BackgroundSends } from './background-sends.js';
import { GraphApi } from './graph-api.js';
import { TokenHealth } from './token-health.js';
import { WhatsAppUserSettings } from './user-settings.js';
import { whatsappWebhookRoute } from './webhook-route.js';
import { WhatsAppIntake } from './whatsapp-intake.js';
import { WHATSAPP_PLATFORM, WHATSAPP_TEMP_PREFIX } from './whatsapp-job.js';
import { WhatsAppJobHandler } from './whatsapp-job-handler.js';
import { WhatsAppMediaFetcher } from './whatsapp-media-fetcher.js';

export interface WhatsAppAdapterOptions {
  /** Retries of a Graph API call after a rate limit, a 5xx or a network error. Defaults to 4. */
  maxRetries?: number;
  /** First backoff wait between those retries; doubles each time. Defaults to 1000 ms. */
  retryBaseMs?: number;
  /** How often the typing indicator is renewed while a job works. Defaults to 20000 ms. */
  typingEveryMs?: number;
  /** How long stop() waits for background sends. Defaults to 5000 ms. */
  stopGraceMs?: number;
  /** Where the webhook's phases are timed; /healthz shows them as webhookMs. Defaults to a new one. */
  webhookTimings?: PhaseTimings;
}

type State = 'created' | 'running' | 'stopping' | 'stopped';

export function createWhatsAppAdapter(runtime: ServiceRuntime, options: WhatsAppAdapterOptions = {}): ChatAdapter {
  return new WhatsAppAdapter(runtime, options);
}

/**
 * The WhatsApp edge on Meta's WhatsApp Cloud API. Messages arrive by webhook on the service's
 * own port (/whatsapp/webhook); the webhook only verifies, decides and stores a job, and the job
 * does the work (see WhatsAppJobHandler). Replies go through the Graph API with the access token.
 */
class WhatsAppAdapter implements ChatAdapter {
  readonly name = WHATSAPP_PLATFORM;
  private readonly intake: WhatsAppIntake;
  private readonly background: BackgroundSends;
  private readonly tokenHealth: TokenHealth;
  private readonly allowed: AllowedNumbers;
  private readonly timings: PhaseTimings;
  private state: State = 'created';

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly options: WhatsAppAdapterOptions,
  ) {
    const { config, logger } = runtime;
    const token = config.whatsappAccessToken;
    if (!token || !config.whatsappPhoneNumberId || !config.whatsappAppSecret || !config.whatsappVerifyToken) {
      throw new Error('WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN are all needed: the WhatsApp adapter cannot start');
    }
    this.tokenHealth = new TokenHealth(logger);
    this.timings = options.webhookTimings ?? new PhaseTimings();
    const api = new GraphApi({
      baseUrl: config.whatsappApiUrl,
      token,
      phoneNumberId: config.whatsappPhoneNumberId,
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
      onTokenState: (state, err) => this.tokenHealth.update(state, err),
    });
    this.background = new BackgroundSends(logger, token);
    this.allowed = new AllowedNumbers(config.whatsappAllowedNumbers);
    const settings = new WhatsAppUserSettings({ store: runtime.preferences, defaultGrade: config.defaultGrade, defaultLanguage: config.defaultLanguage });
    // A file the pipeline would refuse anyway is not worth downloading.
    const maxBytes = Math.min(config.whatsappMaxFileBytes, config.maxInputBytes);
    runtime.queue.register(
      WHATSAPP_PLATFORM,
      new WhatsAppJobHandler({
        api,
        pipeline: runtime.pipeline ?? runtime.services.pipeline,
        fetcher: new WhatsAppMediaFetcher({ api, maxBytes }),
        tempDir: runtime.tempDir,
        logger,
        token,
        isBusy: () => runtime.queue.stats().running >= config.jobConcurrency,
        ...(options.typingEveryMs !== undefined ? { typingEveryMs: options.typingEveryMs } : {}),
      }),
    );
    this.intake = new WhatsAppIntake({
      queue: runtime.queue,
      limiter: runtime.limiter,
      dedupe: runtime.dedupe ?? new MemoryDedupeStore(),
      settings,
      api,
      background: this.background,
      allowed: this.allowed,
      logger,
      phoneNumberId: config.whatsappPhoneNumberId,
      timings: this.timings,
    });
  }

  routes(): Array<{ path: string; router: Router }> {
    const { config, logger } = this.runtime;
    return [
      whatsappWebhookRoute({
        appSecret: config.whatsappAppSecret,
        verifyToken: config.whatsappVerifyToken,
        logger,
        onDelivery: (contents) => this.intake.deliver(contents),
        isStopping: () => this.state === 'stopping' || this.state === 'stopped',
        timings: this.timings,
      }),
    ];
  }

  async start(): Promise<void> {
    const { logger } = this.runtime;
    // With REDIS_URL, other processes may share DATA_DIR: only files older than any job can be are theirs no more.
    const shared = this.runtime.config.redisUrl !== '';
    const swept = await TempFiles.sweep(this.runtime.tempDir, WHATSAPP_TEMP_PREFIX, shared ? this.runtime.config.jobTimeoutSeconds * 1000 : 0);
    if (swept > 0) logger.info({ files: swept }, 'removed temporary files left by an earlier run');
    if (this.allowed.invalid.length > 0) logger.warn({ entries: this.allowed.invalid.length }, 'WHATSAPP_ALLOWED_NUMBERS has entries that are not phone numbers');
    this.state = 'running';
    logger.info({ webhook: '/whatsapp/webhook', allowList: this.allowed.enabled }, 'whatsapp adapter started');
  }

  async stop(): Promise<void> {
    this.state = 'stopping';
    await this.background.drain(this.options.stopGraceMs ?? 5000);
    this.state = 'stopped';
  }

  health(): Record<string, unknown> {
    // Where a webhook's time goes, so a slow 200 (Meta retries what it thinks failed) can be explained.
    return { mode: 'webhook', state: this.state, ...this.intake.counts, allowList: this.allowed.enabled, ...this.tokenHealth.health(), webhookMs: this.timings.summary() };
  }
}
