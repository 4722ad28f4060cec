import { afterAll, beforeAll } from 'vitest';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { createWhatsAppAdapter, type WhatsAppAdapterOptions } from '../../adapters/whatsapp/whatsapp-adapter.js';
import { startHttpServer } from '../../adapters/web/http-server.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import { createTestPipeline, type TestPipeline } from '../telegram/test-pipeline.js';
import { createTestRuntime, tempDataDir, type TestRuntime } from '../telegram/test-runtime.js';
import { FakeGraphApi } from './fake-graph-api.js';

export interface WhatsAppHarness {
  runtime: TestRuntime;
  adapter: ChatAdapter;
  /** The service's webhook URL. */
  webhookUrl: string;
  httpUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Fast retries for tests: a rate-limited call is tried again after 20-40 ms instead of a second. */
const TEST_ADAPTER: WhatsAppAdapterOptions = { retryBaseMs: 20, typingEveryMs: 60_000 };

/**
 * Starts the service's WhatsApp side the way `serve` does (HTTP server with the adapter's route,
 * the durable job queue, the adapter), pointed at the fake Graph API through WHATSAPP_API_URL.
 */
export async function startWhatsApp(fake: FakeGraphApi, options: { pipeline: Pipeline; dataDir?: string; env?: Record<string, string>; adapter?: WhatsAppAdapterOptions }): Promise<WhatsAppHarness> {
  const dataDir = options.dataDir ?? tempDataDir();
  const runtime = createTestRuntime({ dataDir, pipeline: options.pipeline, env: { ...fake.env(), ...options.env } });
  const adapter = createWhatsAppAdapter(runtime, { ...TEST_ADAPTER, ...options.adapter });
  const http = await startHttpServer({ port: 0, host: '127.0.0.1', health: adapter, routers: adapter.routes() });
  await runtime.queue.start();
  await adapter.start();
  const httpUrl = `http://127.0.0.1:${http.port}`;
  return {
    runtime,
    adapter,
    dataDir,
    httpUrl,
    webhookUrl: `${httpUrl}/whatsapp/webhook`,
    stop: async () => {
      await adapter.stop();
      await runtime.queue.stop(5000);
      await http.close();
      await runtime.close();
    },
  };
}

export interface WhatsAppSuite {
  fake: FakeGraphApi;
  kit: TestPipeline;
  app: WhatsAppHarness;
}

/** A describe block's fake Graph API, test pipeline and started adapter, all closed after its last test. */
export function useStartedWhatsApp(options: { env?: Record<string, string>; adapter?: WhatsAppAdapterOptions } = {}): WhatsAppSuite {
  const suite = {} as WhatsAppSuite;
  beforeAll(async () => {
    suite.fake = await FakeGraphApi.start();
    suite.kit = createTestPipeline();
    suite.app = await startWhatsApp(suite.fake, { pipeline: suite.kit.pipeline, ...options });
  });
  afterAll(async () => {
    await suite.app?.stop();
    await suite.kit?.close();
    await suite.fake?.close();
  });
  return suite;
}
