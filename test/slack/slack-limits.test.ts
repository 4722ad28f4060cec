import { describe, expect, it } from 'vitest';
import { useSlackHarness } from './slack-harness.js';

describe('Slack adapter: limits', () => {
  const h = useSlackHarness();

  const text = (n: number) => `Request number ${n} asks about how rain is formed in clouds.`;

  it('a user gets 2 jobs in flight and one "slow down" notice for the rest of the burst', async () => {
    h.slack.test.hold();
    for (let n = 1; n <= 5; n++) {
      const response = await h.slack.postEvent({ type: 'message', channel: 'D0LIM0001', channel_type: 'im', user: 'U0LIM0001', text: text(n), ts: `1700020000.00000${n}` });
      expect(response.status).toBe(200);
    }
    const noticesTo = (user: string) => h.fake.messages.filter((m) => m.method === 'chat.postEphemeral' && m.user === user);
    await h.fake.waitFor(() => noticesTo('U0LIM0001').length > 0);
    await new Promise((r) => setTimeout(r, 300));
    // Read again after the wait: a second notice arriving late must fail this.
    const notices = noticesTo('U0LIM0001');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toMatch(/sent a lot at once/);
    expect(h.slack.runtime.queue.inFlight('slack:T0TEAM001:U0LIM0001')).toBe(2);
    // Another teacher is not slowed down by it.
    const other = await h.slack.postEvent({ type: 'message', channel: 'D0LIM0002', channel_type: 'im', user: 'U0LIM0002', text: text(9), ts: '1700020000.000009' });
    expect(other.status).toBe(200);
    expect(h.slack.runtime.queue.inFlight('slack:T0TEAM001:U0LIM0002')).toBe(1);
    h.slack.test.release();
    await h.fake.waitFor(() => h.fake.uploads.filter((u) => ['D0LIM0001', 'D0LIM0002'].includes(u.channel_id ?? '')).length === 3, 90_000);
    expect(h.slack.test.requests.map((r) => r.text).filter((t) => t.startsWith('Request number')).sort()).toEqual([text(1), text(2), text(9)]);
  });

  it('a 429 from the Web API is waited out (Retry-After) and the reply still arrives', async () => {
    h.fake.rateLimitNext('chat.postMessage', 1);
    const ts = '1700020100.000001';
    await h.slack.postEvent({ type: 'message', channel: 'D0LIM0003', channel_type: 'im', user: 'U0LIM0003', text: text(20), ts });
    await h.fake.waitFor(() => h.fake.uploads.find((u) => u.thread_ts === ts), 60_000);
    const posts = h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === 'D0LIM0003');
    const progress = h.fake.messages.filter((m) => m.channel === 'D0LIM0003' && /Working on it|in line/.test(m.text));
    expect(progress).toHaveLength(1);
    // The refused call and its retry a second later.
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(950);
  });
});
