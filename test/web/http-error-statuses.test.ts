import { Writable } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackHttpReceiver } from '../../adapters/slack/slack-http-receiver.js';
import { startHttpServer } from '../../adapters/web/http-server.js';
import { createLogger } from '../../src/log/logger.js';

const lines: string[] = [];
const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(...chunk.toString().trim().split('\n')), done()) }));
let handled = 0;
let http: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  // The shape of every webhook route: a JSON body parser with a limit, then the handler.
  const router = express.Router();
  router.post('/', express.json({ limit: '1kb' }), (_req, res) => {
    handled += 1;
    res.json({ ok: true });
  });
  router.get('/boom', () => {
    throw new Error('a bug');
  });
  const slack = new SlackHttpReceiver({ signingSecret: 'slack-signing-secret', logger, bodyLimitBytes: 1000 });
  http = await startHttpServer({ port: 0, host: '127.0.0.1', health: { health: () => ({}) }, routers: [{ path: '/hook', router }, { path: '/slack/events', router: slack.router }], logger });
});

afterAll(async () => {
  await http.close();
});

const post = (body: string) => fetch(`http://127.0.0.1:${http.port}/hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('HTTP error statuses', () => {
  it('answers 413 to a body over the limit and 400 to a malformed one, one log line each, handler never run', async () => {
    lines.length = 0;
    const big = await post(JSON.stringify({ text: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, path: '/hook', status: 413, reason: 'entity.too.large', msg: 'request body over the limit; refused' });
    const bad = await post('{"text": ');
    expect(bad.status).toBe(400);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ status: 400, reason: 'entity.parse.failed', msg: 'malformed request; refused' });
    expect(handled).toBe(0);
    expect((await post('{"text":"fine"}')).status).toBe(200);
    expect(handled).toBe(1);
  });

  it('does the same for the Slack events endpoint, before any signature check', async () => {
    lines.length = 0;
    const response = await fetch(`http://127.0.0.1:${http.port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ path: '/slack/events', status: 413 });
  });

  it('still answers 500 without a stack trace to a bug, and logs it', async () => {
    lines.length = 0;
    const response = await fetch(`http://127.0.0.1:${http.port}/hook/boom`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":"internal error"}');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, err: 'a bug', msg: 'request failed' });
  });
});
