import { describe, expect, it } from 'vitest';
import { BOT_TOKEN } from './fake-slack-api.js';
import { eventEnvelope, nextEventId, postSigned, sign, SIGNING_SECRET, useSlackHarness } from './slack-harness.js';

describe('Slack adapter: every HTTP request is verified', () => {
  const h = useSlackHarness();

  const dm = (n: number) => ({ type: 'message', channel: `D0SEC000${n}`, channel_type: 'im', user: `U0SEC000${n}`, text: 'Light travels in straight lines from the sun to us.', ts: `17000010${n}.000001` });

  async function expectNothingHappened(before: number): Promise<void> {
    // Give a wrongly accepted event time to show itself.
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.calls.length).toBe(before);
    expect(h.slack.runtime.queue.stats()).toMatchObject({ queued: 0, running: 0 });
  }

  it('a bad signature gets 401 and nothing else happens', async () => {
    const before = h.fake.calls.length;
    const response = await h.slack.postEvent(dm(1), { secret: 'not-the-signing-secret' });
    expect(response.status).toBe(401);
    expect(response.text).toBe('');
    await expectNothingHappened(before);
  });

  it('a body changed after signing gets 401', async () => {
    const before = h.fake.calls.length;
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(eventEnvelope(dm(2), nextEventId()));
    const response = await fetch(h.slack.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(SIGNING_SECRET, timestamp, body) },
      body: body.replace('Light travels', 'Light moves'),
    });
    expect(response.status).toBe(401);
    await expectNothingHappened(before);
  });

  it('a stale timestamp (6 minutes old, correctly signed) gets 401; so does one 6 minutes ahead', async () => {
    const before = h.fake.calls.length;
    const now = Math.floor(Date.now() / 1000);
    expect((await h.slack.postEvent(dm(3), { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await h.slack.postEvent(dm(4), { timestamp: now + 6 * 60 })).status).toBe(401);
    await expectNothingHappened(before);
  });

  it('missing signature headers get 401', async () => {
    const before = h.fake.calls.length;
    const response = await fetch(h.slack.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(eventEnvelope(dm(5), nextEventId())) });
    expect(response.status).toBe(401);
    await expectNothingHappened(before);
  });

  it('a slash command and an interaction with a bad signature get 401 too', async () => {
    const before = h.fake.calls.length;
    expect((await h.slack.postCommand({ command: '/simplify', text: 'settings', user_id: 'U0SEC0006', channel_id: 'C0SEC0006', trigger_id: 't1', response_url: h.fake.responseUrl('x') }, { secret: 'wrong' })).status).toBe(401);
    expect((await h.slack.postAction({ type: 'block_actions', user: { id: 'U0SEC0007' }, actions: [] }, { secret: 'wrong' })).status).toBe(401);
    await expectNothingHappened(before);
  });

  it('answers the URL verification challenge when signed', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-12345', type: 'url_verification' });
    const response = await postSigned(h.slack.eventsUrl, body, 'application/json');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ challenge: 'c-12345' });
    expect((await postSigned(h.slack.eventsUrl, body, 'application/json', { secret: 'wrong' })).status).toBe(401);
  });

  it('a correctly signed event within the window is accepted', async () => {
    const response = await h.slack.postEvent(dm(8), { timestamp: Math.floor(Date.now() / 1000) - 4 * 60 });
    expect(response.status).toBe(200);
    await h.fake.waitFor(() => h.fake.uploads.find((u) => u.channel_id === 'D0SEC0008'), 60_000);
  });

  it('never writes the bot token or the signing secret to the logs, even when Slack calls fail', async () => {
    // A download that Slack refuses and a Web API method that keeps failing.
    h.fake.hostFile({ id: 'FLEAK01', name: 'x.pdf', mimetype: 'application/pdf', bytes: Buffer.from('%PDF-1.4'), serve: 'not-found' });
    h.fake.rateLimitNext('chat.postMessage', 3600);
    await h.slack.postEvent({ ...dm(9), text: '', subtype: 'file_share', files: [{ id: 'FLEAK01', name: 'x.pdf', mimetype: 'application/pdf', size: 8, url_private_download: `${h.fake.origin}/files-pri/T0TEAM001-FLEAK01/download/x.pdf` }] });
    // The rate-limited progress message fails the first run; the retry reaches the download.
    await h.fake.waitFor(() => h.slack.logs().includes('HTTP 404'), 30_000);
    await new Promise((r) => setTimeout(r, 500));
    const logs = h.slack.logs();
    // Both failures were logged (so the test saw the error paths), without secrets.
    expect(logs).toContain('ratelimited');
    expect(logs).toContain('HTTP 404');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(BOT_TOKEN.slice(5));
    expect(logs).not.toContain(SIGNING_SECRET);
  });
});
