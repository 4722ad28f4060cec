import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackClientOptions } from '../../adapters/slack/slack-web-client-options.js';
import { slackPlatformError } from '../../adapters/slack/slack-errors.js';

/** A Web API that answers 429 with a scripted Retry-After, then succeeds. */
describe('Web API retries suited to a job', () => {
  let server: Server;
  let apiUrl: string;
  const script: Array<string | null> = [];
  const hits: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(Date.now());
      const retryAfter = script.shift();
      if (retryAfter !== undefined && retryAfter !== null) res.writeHead(429, { 'retry-after': retryAfter }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ts: '1.2' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => new webApi.WebClient('xoxb-test', { ...slackClientOptions({ apiUrl, maxRateLimitWaitSeconds: 3 }), logLevel: webApi.LogLevel.ERROR });

  it('waits out a short Retry-After and succeeds', async () => {
    hits.length = 0;
    script.push('1');
    const started = Date.now();
    await expect(client().chat.postMessage({ channel: 'C1', text: 'hi' })).resolves.toMatchObject({ ok: true });
    expect(hits).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('fails at once, as "ratelimited", when Retry-After is longer than a job can wait', async () => {
    hits.length = 0;
    script.push('1800');
    const started = Date.now();
    const error = await client().chat.postMessage({ channel: 'C1', text: 'hi' }).catch((e: unknown) => e);
    expect(slackPlatformError(error)).toEqual({ error: 'ratelimited' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hits).toHaveLength(1);
  });
});
