import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { serveHealth, type ServeHealthOptions } from '../../adapters/cli/serve-health.js';
import { SocketConnectionWatch } from '../../adapters/slack/socket-connection-watch.js';
import { startHttpServer } from '../../adapters/web/http-server.js';
import { startService } from '../durability/helpers/service-process.js';
import { FakeBotApi } from '../telegram/fake-bot-api.js';

function adapter(name: string, health: Record<string, unknown>): ChatAdapter {
  return { name, routes: () => [], start: async () => undefined, stop: async () => undefined, health: () => health };
}

const runtime = (checkStore?: () => Promise<void>): ServeHealthOptions['runtime'] => ({
  queue: { stats: () => ({ queued: 0, running: 0 }) } as unknown as ServeHealthOptions['runtime']['queue'],
  services: { health: () => ({ backends: {} }) } as unknown as ServeHealthOptions['runtime']['services'],
  checkStore,
});

/** GET /healthz of a real HTTP server built on the given health source. */
async function healthz(options: ServeHealthOptions): Promise<{ status: number; body: Record<string, unknown> }> {
  const http = await startHttpServer({ port: 0, host: '127.0.0.1', health: serveHealth(options) });
  try {
    const response = await fetch(`http://127.0.0.1:${http.port}/healthz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } finally {
    await http.close();
  }
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('/healthz', () => {
  it('answers 200 with each adapter\'s state when all is well', async () => {
    const { status, body } = await healthz({ role: 'all', adapters: [adapter('telegram', { mode: 'polling', state: 'running' }), adapter('slack', { mode: 'socket', state: 'running', socket: 'connected' })], runtime: runtime(async () => undefined), draining: () => false });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', role: 'all', adapters: { telegram: { state: 'running' }, slack: { socket: 'connected' } }, jobs: { queued: 0 } });
    expect(body.reasons).toBeUndefined();
  });

  it('answers 503 with the reason when an enabled adapter has failed', async () => {
    const { status, body } = await healthz({ role: 'ingress', adapters: [adapter('telegram', { mode: 'polling', state: 'failed', lastError: 'Conflict: terminated by other getUpdates request' }), adapter('slack', { state: 'running' })], runtime: runtime(), draining: () => false });
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'unavailable', reasons: ['telegram adapter failed: Conflict: terminated by other getUpdates request'] });
  });

  it('answers 503 when the job store fails its check or does not answer in time', async () => {
    const refused = await healthz({ role: 'all', adapters: [], runtime: runtime(async () => Promise.reject(new Error('not connected to Redis (reconnecting)'))), draining: () => false });
    expect(refused.status).toBe(503);
    expect(refused.body.reasons).toEqual(['job store not reachable: not connected to Redis (reconnecting)']);
    const silent = await healthz({ role: 'all', adapters: [], runtime: runtime(() => new Promise(() => undefined)), draining: () => false, storeTimeoutMs: 100 });
    expect(silent.status).toBe(503);
    expect(silent.body.reasons).toEqual(['job store not reachable: no answer within 100 ms']);
  });

  it('answers 503 while draining after a stop signal', async () => {
    const { status, body } = await healthz({ role: 'all', adapters: [adapter('telegram', { state: 'stopping' })], runtime: runtime(async () => undefined), draining: () => true });
    expect(status).toBe(503);
    expect(body).toMatchObject({ draining: true, reasons: [expect.stringMatching(/^draining after a stop signal/u)] });
  });
});

describe('Slack Socket Mode connection watch', () => {
  it('calls a connection down for over a minute a failure, and a reconnect clears it', () => {
    let now = 0;
    const client = new EventEmitter();
    const watch = new SocketConnectionWatch(client, () => now);
    expect(watch.health()).toEqual({ socket: 'not connected' });
    client.emit('connected');
    expect(watch.health()).toEqual({ socket: 'connected' });
    client.emit('disconnected');
    now = 30_000;
    client.emit('reconnecting');
    expect(watch.failure()).toBeNull();
    expect(watch.health()).toEqual({ socket: 'reconnecting', socketDownSec: 30 });
    now = 61_000;
    expect(watch.failure()).toBe('Socket Mode connection down for 61 s, still reconnecting');
    client.emit('connected');
    expect(watch.failure()).toBeNull();
  });
});

describe('serve with a Telegram webhook that cannot be set', () => {
  it('keeps serving and answers /healthz 503 with the reason, without the token', async () => {
    const fake = await FakeBotApi.start();
    fake.failNext('setWebhook', { error_code: 400, description: 'Bad Request: bad webhook: HTTPS url must be provided for webhook' }, { times: 10 });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-health-'));
    dirs.push(dataDir);
    const service = await startService({
      name: 'webhook-fails',
      env: { DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/telegram/hook', TELEGRAM_WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' },
    });
    try {
      await service.waitForLog(/chat adapter could not start; \/healthz reports it/u);
      const response = await fetch(`http://127.0.0.1:${service.port}/healthz`);
      const text = await response.text();
      expect(response.status).toBe(503);
      expect(JSON.parse(text)).toMatchObject({ status: 'unavailable', adapters: { telegram: { mode: 'webhook', state: 'failed' } }, reasons: [expect.stringMatching(/^telegram adapter failed: .*bad webhook/u)] });
      expect(text).not.toContain(fake.token);
      expect(text).not.toContain(fake.token.split(':')[1]!);
      expect(text).not.toContain('a-webhook-secret-of-some-length');
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
      await fake.close();
    }
  }, 120_000);
});
