import { afterAll, beforeAll } from 'vitest';
import { createTelegramAdapter, type TelegramAdapterOptions } from '../../adapters/telegram/telegram-adapter.js';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { startHttpServer } from '../../adapters/web/http-server.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import { FakeBotApi } from './fake-bot-api.js';
import { createTestPipeline, type TestPipeline } from './test-pipeline.js';
import { createTestRuntime, tempDataDir, type TestRuntime } from './test-runtime.js';

export interface BotHarness {
  runtime: TestRuntime;
  adapter: ChatAdapter;
  /** Base URL of the service's HTTP server (webhooks, /healthz). */
  httpUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the service's Telegram side the way `serve` does (HTTP server with the adapter's
 * routes, the job queue, the adapter), pointed at the fake Bot API through TELEGRAM_API_ROOT.
 */
export async function startBot(
  fake: FakeBotApi,
  options: { pipeline: Pipeline; dataDir?: string; env?: Record<string, string>; adapter?: TelegramAdapterOptions },
): Promise<BotHarness> {
  const dataDir = options.dataDir ?? tempDataDir();
  const runtime = createTestRuntime({
    dataDir,
    pipeline: options.pipeline,
    env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...options.env },
  });
  const adapter = createTelegramAdapter(runtime, { pollingTimeoutSec: 2, ...options.adapter });
  const http = await startHttpServer({ port: 0, host: '127.0.0.1', health: adapter, routers: adapter.routes() });
  await runtime.queue.start();
  await adapter.start();
  return {
    runtime,
    adapter,
    dataDir,
    httpUrl: `http://127.0.0.1:${http.port}`,
    stop: async () => {
      await adapter.stop();
      await runtime.queue.stop(5000);
      await http.close();
      await runtime.close();
    },
  };
}

/** What a suite started by useStartedBot shares: set before its first test, stopped after its last. */
export interface BotSuite {
  fake: FakeBotApi;
  kit: TestPipeline;
  bot: BotHarness;
}

/**
 * Registers a describe block's beforeAll/afterAll: a fake Bot API, the test pipeline and a bot
 * started against them (with the given settings), all stopped and closed when the block ends;
 * then `afterStop` may check what the whole block left behind (its logs, say).
 */
export function useStartedBot(
  options: { env?: Record<string, string>; adapter?: TelegramAdapterOptions; afterStop?: (suite: BotSuite) => void } = {},
): BotSuite {
  const { afterStop, ...botOptions } = options;
  const suite = {} as BotSuite;
  beforeAll(async () => {
    suite.fake = await FakeBotApi.start();
    suite.kit = createTestPipeline();
    suite.bot = await startBot(suite.fake, { pipeline: suite.kit.pipeline, ...botOptions });
  });
  afterAll(async () => {
    await suite.bot?.stop();
    await suite.kit?.close();
    await suite.fake?.close();
    afterStop?.(suite);
  });
  return suite;
}
