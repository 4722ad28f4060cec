import { createTelegramAdapter, type TelegramAdapterOptions } from '../../adapters/telegram/telegram-adapter.js';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { startHttpServer } from '../../adapters/web/http-server.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import type { FakeBotApi } from './fake-bot-api.js';
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
