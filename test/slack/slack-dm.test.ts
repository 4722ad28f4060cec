import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../../scripts/fixtures/make-documents.js';
import { BOT_TOKEN, BOT_USER_ID, pingsIn, startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { eventEnvelope, nextEventId, postSigned, startSlackHarness, type SlackHarness } from './slack-harness.js';

const CHAPTER = [
  'The water cycle moves water between the sea, the air and the land.',
  'The sun heats the sea, and water rises into the air as vapour.',
];

describe('Slack adapter over real HTTP: direct messages and mentions', () => {
  let fake: FakeSlackApi;
  let slack: SlackHarness;

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    // The full flow, real voice included.
    slack = await startSlackHarness(fake, { voice: 'espeak' });
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
  });

  const thread = (channel: string, ts: string) => fake.messages.filter((m) => m.channel === channel && m.thread_ts === ts);
  const done = (channel: string, ts: string) => fake.waitFor(() => {
    const progress = thread(channel, ts)[0];
    return progress && fake.updates.some((u) => u.ts === progress.ts && /Done|Could not finish|हो गया|पूरा नहीं हो सका/.test(u.text));
  }, 60_000);

  it('a DM with a PDF: acknowledged at once, progress in the thread, then the text and an Ogg/Opus voice note there', async () => {
    const pdf = await makeTextPdf(CHAPTER);
    const file = fake.hostFile({ id: 'FPDF001', name: 'chapter-5.pdf', mimetype: 'application/pdf', bytes: pdf });
    const ts = '1700000100.000100';
    const response = await slack.postEvent({ type: 'message', subtype: 'file_share', channel: 'D0TEACH01', channel_type: 'im', user: 'U0TEACH01', text: '', ts, files: [file] });
    expect(response.status).toBe(200);
    // Slack allows 3 s; acceptance is a SQLite insert and a queue push, so this has a wide margin.
    expect(response.ms).toBeLessThan(2000);

    await done('D0TEACH01', ts);
    const [progress, ...parts] = thread('D0TEACH01', ts);
    expect(progress!.text).toMatch(/Working on it|in line/);
    const edits = fake.updates.filter((u) => u.ts === progress!.ts).map((u) => u.text);
    expect(edits).toEqual(expect.arrayContaining(['Reading your page…', 'Recording the voice note…']));
    expect(edits.at(-1)).toBe('Done ✅');
    const reply = parts.map((p) => p.text).join('\n');
    expect(reply).toContain('The water cycle moves water between the sea');
    // The footer: which path served.
    expect(reply).toContain('Made by the built-in rule-based simplifier');

    const upload = fake.uploads.find((u) => u.thread_ts === ts);
    expect(upload).toBeDefined();
    expect(upload!.filename).toBe('reply.ogg');
    expect(upload!.channel_id).toBe('D0TEACH01');
    expect(upload!.bytes.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(upload!.bytes.includes(Buffer.from('OpusHead'))).toBe(true);
    expect(fake.downloads.filter((d) => d.id === 'FPDF001')).toEqual([expect.objectContaining({ authorization: `Bearer ${BOT_TOKEN}` })]);
  });

  it('the same event retried with X-Slack-Retry-Num: 1 makes one job', async () => {
    const ts = '1700000200.000200';
    const eventId = nextEventId();
    const body = JSON.stringify(
      eventEnvelope({ type: 'message', channel: 'D0TEACH02', channel_type: 'im', user: 'U0TEACH02', text: 'Plants make food from sunlight, water and air in their leaves.', ts }, eventId),
    );
    slack.test.hold();
    const first = await postSigned(slack.eventsUrl, body, 'application/json');
    const retry = await postSigned(slack.eventsUrl, body, 'application/json', { retryNum: 1 });
    const again = await postSigned(slack.eventsUrl, body, 'application/json', { retryNum: 2 });
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    slack.test.release();
    await done('D0TEACH02', ts);
    await new Promise((r) => setTimeout(r, 300));
    expect(thread('D0TEACH02', ts).filter((m) => /Working on it|in line/.test(m.text))).toHaveLength(1);
    expect(fake.uploads.filter((u) => u.thread_ts === ts)).toHaveLength(1);
    expect(slack.test.requests.filter((r) => r.text.startsWith('Plants make food'))).toHaveLength(1);
  });

  it('a mention with a file and "grade 6 hindi" is one job with those options, though Slack sends it twice', async () => {
    const pdf = await makeTextPdf(['Rivers carry water from the hills to the sea, and they shape the land.']);
    const file = fake.hostFile({ id: 'FPDF002', name: 'rivers.pdf', mimetype: 'application/pdf', bytes: pdf });
    const ts = '1700000300.000300';
    const message = { channel: 'C0CLASS06', user: 'U0TEACH03', text: `<@${BOT_USER_ID}> grade 6 hindi`, ts, files: [file] };
    const asMention = await slack.postEvent({ type: 'app_mention', ...message });
    const asMessage = await slack.postEvent({ type: 'message', subtype: 'file_share', channel_type: 'channel', ...message });
    expect([asMention.status, asMessage.status]).toEqual([200, 200]);
    await done('C0CLASS06', ts);
    await new Promise((r) => setTimeout(r, 300));
    const asked = slack.test.requests.filter((r) => r.text.startsWith('Rivers carry water'));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.grade).toBe(6);
    expect(fake.uploads.filter((u) => u.thread_ts === ts)).toHaveLength(1);
    // Hindi was asked for; with no translation model the footer says so, in Hindi like the progress.
    const said = thread('C0CLASS06', ts).map((m) => m.text).join('\n');
    expect(said).toContain('हिन्दी में जवाब अभी उपलब्ध नहीं हैं; यह अंग्रेज़ी में है।');
    expect(said).toMatch(/^मिल गया!/u);
  });

  it('the 200 goes out only after the job is stored', async () => {
    // A durable store takes time to write; the acknowledgement must wait for it.
    const queue = slack.runtime.queue;
    const enqueue = queue.enqueue.bind(queue);
    const storedAt: number[] = [];
    queue.enqueue = async (job) => {
      await new Promise((r) => setTimeout(r, 400));
      const outcome = await enqueue(job);
      storedAt.push(performance.now());
      return outcome;
    };
    try {
      const ts = '1700000250.000250';
      const response = await slack.postEvent({ type: 'message', channel: 'D0TEACH05', channel_type: 'im', user: 'U0TEACH05', text: 'Seeds need water, warmth and air before they can grow.', ts });
      const answeredAt = performance.now();
      expect(response.status).toBe(200);
      expect(storedAt).toHaveLength(1);
      expect(storedAt[0]).toBeLessThanOrEqual(answeredAt);
      expect(response.ms).toBeGreaterThanOrEqual(390);
      await done('D0TEACH05', ts);
    } finally {
      queue.enqueue = enqueue;
    }
  });

  it('document text with <!channel>, a user mention and a disguised link pings nobody and links nowhere', async () => {
    const ts = '1700000400.000400';
    const hostile = 'Attention <!channel> and <!here|here>: the exam moved. Ask <@U0PRINCIPAL> or open <https://evil.example/login|the school portal> today. Also @everyone please read.';
    const file = fake.hostFile({ id: 'FTXT001', name: 'notice.txt', mimetype: 'text/plain', bytes: Buffer.from(hostile, 'utf8') });
    await slack.postEvent({ type: 'message', subtype: 'file_share', channel: 'D0TEACH04', channel_type: 'im', user: 'U0TEACH04', text: '', ts, files: [file] });
    await done('D0TEACH04', ts);
    expect(slack.test.requests.some((r) => r.text.includes('<!channel>'))).toBe(true);
    const posted = thread('D0TEACH04', ts);
    const reply = posted.map((m) => m.text).join('\n');
    // The words arrive, as text.
    expect(reply).toContain('&lt;!channel&gt;');
    expect(reply).toContain('evil.example');
    for (const m of posted) {
      expect(pingsIn(m.text, m.params)).toEqual([]);
      expect(m.params.parse).toBe('none');
      expect(m.params.link_names).toBe('false');
    }
    expect(reply).not.toMatch(/(^|[^\u2060])@everyone/);
  });
});
