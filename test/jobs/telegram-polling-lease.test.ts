import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { createTelegramAdapter } from '../../adapters/telegram/telegram-adapter.js';
import { RedisLease } from '../../src/stores/redis-lease.js';
import { noTestRedis, startTestRedis, type TestRedis } from '../durability/helpers/redis-server.js';
import { FakeBotApi } from '../telegram/fake-bot-api.js';
import { createTestPipeline, type TestPipeline } from '../telegram/test-pipeline.js';
import { createTestRuntime, tempDataDir, type TestRuntime } from '../telegram/test-runtime.js';
import { until } from './helpers/recording-handler.js';

let redis: TestRedis;
let connection: Redis;
let fake: FakeBotApi;
let test: TestPipeline;
const prefix = `t${randomUUID().slice(0, 8)}`;
const started: Array<{ adapter: ChatAdapter; runtime: TestRuntime }> = [];

beforeAll(async () => {
  redis = await startTestRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  fake = await FakeBotApi.start();
  test = createTestPipeline();
});

afterAll(async () => {
  for (const { adapter, runtime } of started) {
    await adapter.stop().catch(() => undefined);
    await runtime.queue.stop(1000);
    await runtime.close();
  }
  await fake?.close();
  await test?.close();
  await connection?.quit();
  await redis?.stop();
});

/** An ingress process in small: its own runtime and adapter; the polling lease is shared through Redis. */
async function ingress(): Promise<{ adapter: ChatAdapter; runtime: TestRuntime }> {
  const base = createTestRuntime({ dataDir: tempDataDir(), pipeline: test.pipeline, env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot } });
  const runtime: TestRuntime = Object.assign(base, { lease: (name: string) => new RedisLease(connection, `${prefix}:lease:${name}`, 1500) });
  const adapter = createTelegramAdapter(runtime, { pollingTimeoutSec: 1 });
  await runtime.queue.start();
  await adapter.start();
  const entry = { adapter, runtime };
  started.push(entry);
  return entry;
}

describe.skipIf(noTestRedis())('Telegram long polling with several ingress processes', () => {
  it('polls from one ingress only; another stands by and takes over when it stops', async () => {
    const first = await ingress();
    const second = await ingress();
    expect(first.adapter.health()).toMatchObject({ mode: 'polling', state: 'running' });
    expect(second.adapter.health()).toMatchObject({ mode: 'polling', state: 'standby' });
    expect(second.runtime.logs.join('')).toMatch(/this one stands by to take over/u);

    fake.pushUpdate(fake.message(8101, { text: 'The first message is about rivers and the sea.' }));
    await fake.waitFor(() => fake.callsOf('sendVoice', 8101).length === 1, 30_000, 'the first answer');
    await until(() => first.runtime.queue.stats().done === 1, 5000, 'the first job done');
    expect(second.runtime.queue.stats().done).toBe(0);

    await first.adapter.stop();
    await until(() => second.adapter.health().state === 'running', 10_000, 'the take-over');
    expect(second.runtime.logs.join('')).toMatch(/took over Telegram long polling/u);
    fake.pushUpdate(fake.message(8102, { text: 'The second message is about hills and the rain.' }));
    await fake.waitFor(() => fake.callsOf('sendVoice', 8102).length === 1, 30_000, 'the second answer');
    await until(() => second.runtime.queue.stats().done === 1, 5000, 'the second job done');
    expect(first.runtime.queue.stats().done).toBe(1);
  });
});
