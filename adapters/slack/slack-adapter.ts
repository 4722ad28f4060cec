import Keyv from 'keyv';
import { App, SocketModeReceiver } from '@slack/bolt';
import type { ServiceRuntime } from '../../src/app/service-runtime.js';
import type { ChatAdapter } from '../chat-adapter.js';
import { boltLogger } from './bolt-logger.js';
import { processHoldingAck } from './held-ack.js';
import { SLACK_EVENTS_PATH } from './slack-app-spec.js';
import { safeErrorText } from './slack-errors.js';
import { slackTrustedHosts } from './slack-file-fetcher.js';
import { SlackHttpReceiver } from './slack-http-receiver.js';
import { SlackIntake } from './slack-intake.js';
import { SLACK_PLATFORM } from './slack-job.js';
import { SlackJobHandler } from './slack-job-handler.js';
import { registerSlackListeners } from './slack-listeners.js';
import { escapeMrkdwn } from './slack-mrkdwn.js';
import { SlackSettings } from './slack-settings.js';
import { SlackUserLocales } from './slack-user-locales.js';
import { registerSettingsUi } from './slack-settings-ui.js';
import { SlackThreadMemory } from './slack-thread-memory.js';
import { slackClientOptions } from './slack-web-client-options.js';

export interface SlackAdapterOptions {
  /** Where thread memberships are kept. Defaults to the preferences store, namespace "slack-threads". */
  threadStore?: Keyv<boolean>;
  /** For file downloads and response_url posts. Defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  /** A Web API call answered 429 waits up to this long before failing. Defaults to 20 s. */
  maxRateLimitWaitSeconds?: number;
}

/**
 * The Slack app: Socket Mode when SLACK_APP_TOKEN is set, otherwise the HTTP Events API at
 * /slack/events on the service's express server (events, the /simplify command and
 * interactivity share the path). Listeners turn events into jobs on runtime.queue; the
 * SlackJobHandler registered here runs them.
 */
export function createSlackAdapter(runtime: ServiceRuntime, options: SlackAdapterOptions = {}): ChatAdapter {
  const { config, logger } = runtime;
  const token = config.slackBotToken;
  const socketMode = config.slackAppToken !== '';
  if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
  if (!socketMode && !config.slackSigningSecret) throw new Error('SLACK_SIGNING_SECRET is required for the HTTP Events API (or set SLACK_APP_TOKEN for Socket Mode)');
  const secrets = [token, config.slackSigningSecret, config.slackAppToken];
  const log = logger.child({ adapter: 'slack' });
  const boltLog = boltLogger(logger, secrets);
  const clientOptions = slackClientOptions({ apiUrl: config.slackApiUrl, ...(options.maxRateLimitWaitSeconds !== undefined ? { maxRateLimitWaitSeconds: options.maxRateLimitWaitSeconds } : {}) });

  const httpReceiver = socketMode ? null : new SlackHttpReceiver({ signingSecret: config.slackSigningSecret, logger: log, secrets });
  // The Socket Mode client opens its connection with apps.connections.open, so it gets the same client options.
  const socketReceiver = socketMode ? new SocketModeReceiver({ appToken: config.slackAppToken, logger: boltLog, installerOptions: { clientOptions } }) : null;
  const app = new App({
    token,
    receiver: httpReceiver ?? socketReceiver!,
    logger: boltLog,
    clientOptions,
    // auth.test runs in start(), where a failure is reported instead of becoming an unhandled rejection.
    deferInitialization: true,
    convoStore: false,
    ignoreSelf: true,
  });
  // Socket Mode acknowledges over the socket; holding it until listeners return gives the same guarantee as HTTP.
  socketReceiver?.init({ processEvent: (event) => processHoldingAck(app, event) } as Pick<App, 'processEvent'> as App);

  const background = (what: string, work: () => Promise<unknown>) => {
    void work().catch((err: unknown) => log.warn({ err: safeErrorText(err, secrets) }, `${what} failed`));
  };
  const notify = (target: { channel: string; user: string; threadTs: string | null }, text: string) =>
    background('notice', () => app.client.chat.postEphemeral({ channel: target.channel, user: target.user, text: escapeMrkdwn(text), ...(target.threadTs ? { thread_ts: target.threadTs } : {}) }));

  const threads = new SlackThreadMemory(options.threadStore ?? new Keyv<boolean>({ store: runtime.preferences.store, namespace: 'slack-threads' }));
  // Each user's Slack language (users.info, users:read scope) is the conversation's app language.
  const locales = new SlackUserLocales({ client: app.client, logger: log });
  const settings = new SlackSettings({ store: runtime.preferences, defaultGrade: config.defaultGrade, defaultLanguage: config.defaultLanguage, locales });
  const intake = new SlackIntake({ queue: runtime.queue, limiter: runtime.limiter, threads, notify: (job, text) => notify(job.payload, text) });
  const trustedHost = slackTrustedHosts(config.slackApiUrl);
  runtime.queue.register(
    SLACK_PLATFORM,
    new SlackJobHandler({
      client: app.client,
      pipeline: runtime.pipeline ?? runtime.services.pipeline,
      token,
      maxFileBytes: config.slackMaxFileBytes,
      trustedHost,
      threads,
      allWorkersBusy: () => runtime.queue.stats().running >= config.jobConcurrency,
      logger: log,
      secrets,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
  registerSlackListeners(app, { intake, settings, threads, notify });
  registerSettingsUi(app, { settings, background });
  app.error(async (error) => {
    log.warn({ err: safeErrorText(error, secrets) }, 'Slack listener failed');
    // Rethrown so the receiver answers 500 (HTTP) or withholds the ack (Socket Mode): Slack retries.
    throw error;
  });

  let state: 'idle' | 'running' | 'stopped' | 'failed' = 'idle';
  let botUserId: string | undefined;
  return {
    name: 'slack',
    routes: () => (httpReceiver ? [{ path: SLACK_EVENTS_PATH, router: httpReceiver.router }] : []),
    async start() {
      try {
        await app.init();
        const auth = await app.client.auth.test();
        botUserId = auth.user_id;
        await app.start();
        state = 'running';
        log.info({ mode: socketMode ? 'socket' : 'http', botUserId }, socketMode ? 'Slack connected over Socket Mode' : `Slack events accepted at ${SLACK_EVENTS_PATH}`);
      } catch (err) {
        state = 'failed';
        throw new Error(`Slack adapter could not start: ${safeErrorText(err, secrets)}`);
      }
    },
    async stop() {
      if (state === 'running') await app.stop();
      state = 'stopped';
    },
    health: () => ({ state, mode: socketMode ? 'socket' : 'http', ...(botUserId ? { botUserId } : {}), intake: intake.stats(), ...(httpReceiver ? { requests: httpReceiver.stats() } : {}) }),
  };
}
