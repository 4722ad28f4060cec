/**
 * Starts the Slack side of the service the way `serve` does (HTTP server with the adapter's
 * routes, the job queue, the adapter) against the fake Web API, and posts requests to
 * /slack/events signed with the real v0 HMAC.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createSlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/slack-adapter.js';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { startHttpServer } from '../../adapters/web/http-server.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { afterAll, beforeAll } from 'vitest';
import { BOT_TOKEN, startFakeSlackApi, TEAM_ID, type FakeSlackApi } from './fake-slack-api.js';
import { createTestPipeline, TEST_LIMITS, type TestPipeline, type TestVoice } from './slack-test-pipeline.js';
import type { ServiceRuntime } from '../../src/app/service-runtime.js';
import { testServiceRuntime } from '../support/test-service-runtime.js';

export const SIGNING_SECRET = 'test-signing-secret-8f2b1c';

export interface PostResult {
  status: number;
  text: string;
  /** From sending the request to the full response. */
  ms: number;
}

export interface SlackHarness {
  fake: FakeSlackApi;
  runtime: ServiceRuntime;
  adapter: ChatAdapter;
  test: TestPipeline;
  eventsUrl: string;
  /** Everything the service logged. */
  logs: () => string;
  postEvent(event: Record<string, unknown>, options?: PostOptions & { eventId?: string }): Promise<PostResult>;
  postCommand(fields: Record<string, string>, options?: PostOptions): Promise<PostResult>;
  postAction(payload: Record<string, unknown>, options?: PostOptions): Promise<PostResult>;
  stop(): Promise<void>;
}

export interface PostOptions {
  retryNum?: number;
  /** Seconds since the epoch put in X-Slack-Request-Timestamp. Defaults to now. */
  timestamp?: number;
  /** Signs with this secret instead of the right one. */
  secret?: string;
}

let eventCounter = 0;


export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(url: string, body: string, contentType: string, options: PostOptions = {}): Promise<PostResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(options.secret ?? SIGNING_SECRET, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

/** An Events API envelope around one event, as Slack sends it. */
export function eventEnvelope(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0APP0001',
    event: { event_ts: event.ts ?? `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: 'UBOT0001', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

export function nextEventId(): string {
  return `Ev${Date.now().toString(36).toUpperCase()}${++eventCounter}`;
}

export async function startSlackHarness(
  fake: FakeSlackApi,
  options: { env?: Record<string, string>; adapter?: SlackAdapterOptions; logLevel?: string; voice?: TestVoice } = {},
): Promise<SlackHarness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-slack-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: options.logLevel ?? 'debug',
    ...options.env,
  });
  const logChunks: string[] = [];
  const logger = createLogger(
    config.logLevel,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logChunks.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const test = createTestPipeline({ voice: options.voice ?? 'tone' });
  const runtime = testServiceRuntime(config, logger, test.pipeline, TEST_LIMITS);
  const adapter = createSlackAdapter(runtime, options.adapter);
  const http = await startHttpServer({ port: 0, host: '127.0.0.1', health: adapter, routers: adapter.routes() });
  await runtime.queue.start();
  await adapter.start();
  const eventsUrl = `http://127.0.0.1:${http.port}/slack/events`;
  return {
    fake,
    runtime,
    adapter,
    test,
    eventsUrl,
    logs: () => logChunks.join(''),
    postEvent: (event, opts = {}) => postSigned(eventsUrl, JSON.stringify(eventEnvelope(event, opts.eventId ?? nextEventId())), 'application/json', opts),
    postCommand: (fields, opts = {}) =>
      postSigned(
        eventsUrl,
        new URLSearchParams({ token: 'deprecated', team_id: TEAM_ID, team_domain: 'school', channel_name: 'class-6', user_name: 'teacher', api_app_id: 'A0APP0001', ...fields }).toString(),
        'application/x-www-form-urlencoded',
        opts,
      ),
    postAction: (payload, opts = {}) => postSigned(eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', opts),
    stop: async () => {
      test.release();
      await adapter.stop();
      await runtime.queue.stop(10_000);
      await http.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One fake Slack Web API and one harness for a whole describe block: started in beforeAll,
 * stopped in afterAll. Read `fake` and `slack` from the returned object inside the tests.
 */
export function useSlackHarness(): { readonly fake: FakeSlackApi; readonly slack: SlackHarness } {
  const started = {} as { fake: FakeSlackApi; slack: SlackHarness };
  beforeAll(async () => {
    started.fake = await startFakeSlackApi();
    started.slack = await startSlackHarness(started.fake);
  });
  afterAll(async () => {
    await started.slack?.stop();
    await started.fake?.close();
  });
  return started;
}
