import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN, startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { eventEnvelope, nextEventId, startSlackHarness, type SlackHarness } from './slack-harness.js';

/**
 * Socket Mode against a local WebSocket server speaking Slack's envelope protocol: hello, then
 * events_api envelopes that the client must acknowledge with their envelope_id.
 */
describe('Slack adapter in Socket Mode (SLACK_APP_TOKEN set)', () => {
  let fake: FakeSlackApi;
  let slack: SlackHarness;
  let wss: WebSocketServer;
  let socket: WebSocket | null = null;
  const acks = new Map<string, number>();

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    fake.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string };
        if (message.envelope_id) acks.set(message.envelope_id, performance.now());
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0APP0001' } }));
    });
    slack = await startSlackHarness(fake, { env: { SLACK_APP_TOKEN: APP_TOKEN } });
    await fake.waitFor(() => socket);
  });
  afterAll(async () => {
    await slack?.stop();
    for (const client of wss?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    await fake?.close();
  });

  it('connects with the app token through SLACK_API_URL and serves no HTTP route', () => {
    expect(slack.adapter.routes()).toEqual([]);
    expect(slack.adapter.health()).toMatchObject({ mode: 'socket', state: 'running' });
    expect(fake.calls.find((c) => c.method === 'apps.connections.open')?.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('acknowledges an event over the socket only after its job is stored, then replies in the thread', async () => {
    const queue = slack.runtime.queue;
    const enqueue = queue.enqueue.bind(queue);
    let storedAt = 0;
    queue.enqueue = async (job) => {
      await new Promise((r) => setTimeout(r, 400));
      const outcome = await enqueue(job);
      storedAt = performance.now();
      return outcome;
    };
    try {
      const ts = '1700030000.000100';
      const envelopeId = 'env-0001';
      socket!.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type: 'events_api',
          accepts_response_payload: false,
          retry_attempt: 0,
          retry_reason: '',
          payload: eventEnvelope({ type: 'message', channel: 'D0SOCK001', channel_type: 'im', user: 'U0SOCK001', text: 'Volcanoes form where hot rock rises through cracks in the crust.', ts }, nextEventId()),
        }),
      );
      const ackedAt = await fake.waitFor(() => acks.get(envelopeId));
      expect(storedAt).toBeGreaterThan(0);
      expect(storedAt).toBeLessThanOrEqual(ackedAt);
      const upload = await fake.waitFor(() => fake.uploads.find((u) => u.channel_id === 'D0SOCK001'), 60_000);
      expect(upload.thread_ts).toBe(ts);
      expect(upload.bytes.subarray(0, 4).toString('latin1')).toBe('OggS');
    } finally {
      queue.enqueue = enqueue;
    }
  });
});
