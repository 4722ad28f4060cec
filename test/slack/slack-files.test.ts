import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../../scripts/fixtures/make-documents.js';
import { BOT_USER_ID, startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';

describe('Slack adapter: files', () => {
  let fake: FakeSlackApi;
  let slack: SlackHarness;

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    slack = await startSlackHarness(fake, { env: { SLACK_MAX_FILE_BYTES: '200000' } });
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
  });

  const inThread = (ts: string) => fake.messages.filter((m) => m.thread_ts === ts);
  const finished = (ts: string) =>
    fake.waitFor(() => {
      const progress = inThread(ts)[0];
      return progress && fake.updates.find((u) => u.ts === progress.ts && /Done|Could not finish/.test(u.text));
    }, 60_000);

  it('when Slack answers with its HTML sign-in page instead of the file, the teacher is told to add files:read', async () => {
    const pdf = await makeTextPdf(['Sound travels as waves through air, water and solids.']);
    const file = fake.hostFile({ id: 'FSIGN01', name: 'sound.pdf', mimetype: 'application/pdf', bytes: pdf, serve: 'sign-in' });
    const ts = '1700010000.000100';
    await slack.postEvent({ type: 'message', subtype: 'file_share', channel: 'D0FILE001', channel_type: 'im', user: 'U0FILE001', text: '', ts, files: [file] });
    const last = await finished(ts);
    expect(last.text).toBe('Could not finish ❌');
    const notice = inThread(ts).find((m) => m.text.includes('files:read'));
    expect(notice?.text).toMatch(/needs the files:read permission.*add the files:read bot scope/);
    // The sign-in page never reached the pipeline, and nothing was retried or uploaded.
    expect(slack.test.requests.filter((r) => r.text.includes('Sign in'))).toHaveLength(0);
    expect(fake.downloads.filter((d) => d.id === 'FSIGN01')).toHaveLength(1);
    expect(fake.uploads.filter((u) => u.thread_ts === ts)).toHaveLength(0);
  });

  it('a file over the size limit is refused from the event, without downloading it', async () => {
    const ts = '1700010100.000100';
    const big = fake.hostFile({ id: 'FBIG001', name: 'big.pdf', mimetype: 'application/pdf', bytes: Buffer.alloc(300_000, 32) });
    await slack.postEvent({ type: 'message', subtype: 'file_share', channel: 'D0FILE002', channel_type: 'im', user: 'U0FILE002', text: '', ts, files: [big] });
    await finished(ts);
    expect(inThread(ts).map((m) => m.text).join('\n')).toMatch(/too big \(the limit is 200 kB\)/);
    expect(fake.downloads.filter((d) => d.id === 'FBIG001')).toHaveLength(0);
  });

  it('a file that claims to be small but streams more is cut off at the limit', async () => {
    const ts = '1700010150.000100';
    const liar = fake.hostFile({ id: 'FLIE001', name: 'liar.pdf', mimetype: 'application/pdf', bytes: Buffer.alloc(300_000, 32) });
    await slack.postEvent({ type: 'message', subtype: 'file_share', channel: 'D0FILE006', channel_type: 'im', user: 'U0FILE006', text: '', ts, files: [{ ...liar, size: 1000 }] });
    await finished(ts);
    expect(inThread(ts).map((m) => m.text).join('\n')).toMatch(/too big/);
  });

  it('an external file (a Drive link) gets a clear answer, not a retry loop', async () => {
    const ts = '1700010200.000100';
    await slack.postEvent({
      type: 'message',
      subtype: 'file_share',
      channel: 'D0FILE003',
      channel_type: 'im',
      user: 'U0FILE003',
      text: '',
      ts,
      files: [{ id: 'FEXT001', name: 'Chapter 2', mimetype: 'application/vnd.google-apps.document', is_external: true, external_type: 'gdrive', url_private: 'https://docs.google.com/document/d/x' }],
    });
    await finished(ts);
    expect(inThread(ts).map((m) => m.text).join('\n')).toMatch(/could not open this file in Slack/);
  });

  it('a file dropped into a thread the bot answered in is a request; in another thread it is not', async () => {
    const root = '1700010300.000100';
    await slack.postEvent({ type: 'app_mention', channel: 'C0FILE004', user: 'U0FILE004', text: `<@${BOT_USER_ID}> The heart pumps blood to every part of the body.`, ts: root });
    await finished(root);
    const pdf = await makeTextPdf(['Lungs take in air, and blood carries oxygen from them.']);
    const inKnown = fake.hostFile({ id: 'FTHR001', name: 'lungs.pdf', mimetype: 'application/pdf', bytes: pdf });
    const inOther = fake.hostFile({ id: 'FTHR002', name: 'other.pdf', mimetype: 'application/pdf', bytes: pdf });
    await slack.postEvent({ type: 'message', subtype: 'file_share', channel: 'C0FILE004', channel_type: 'channel', user: 'U0FILE004', text: 'next one', ts: '1700010300.000300', thread_ts: root, files: [inKnown] });
    await slack.postEvent({ type: 'message', subtype: 'file_share', channel: 'C0FILE004', channel_type: 'channel', user: 'U0FILE004', text: 'for you all', ts: '1700010400.000300', thread_ts: '1700010400.000100', files: [inOther] });
    await fake.waitFor(() => fake.uploads.filter((u) => u.thread_ts === root).length === 2, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.downloads.map((d) => d.id)).toContain('FTHR001');
    expect(fake.downloads.map((d) => d.id)).not.toContain('FTHR002');
    expect(fake.messages.filter((m) => m.thread_ts === '1700010400.000100')).toHaveLength(0);
  });

  it('a bare mention inside a thread works on the newest file of that thread', async () => {
    const root = '1700010500.000100';
    const pdf = await makeTextPdf(['Bees carry pollen from flower to flower, and fruits form.']);
    const file = fake.hostFile({ id: 'FTHR003', name: 'bees.pdf', mimetype: 'application/pdf', bytes: pdf });
    fake.setHistory('C0FILE005', [
      { type: 'message', user: 'U0FILE005', text: 'chapter', ts: root, thread_ts: root, files: [file] },
      { type: 'message', user: 'U0OTHER', text: 'nice', ts: '1700010500.000200', thread_ts: root },
    ]);
    await slack.postEvent({ type: 'app_mention', channel: 'C0FILE005', user: 'U0FILE005', text: `<@${BOT_USER_ID}> grade 3`, ts: '1700010500.000300', thread_ts: root });
    const upload = await fake.waitFor(() => fake.uploads.find((u) => u.channel_id === 'C0FILE005'), 60_000);
    expect(upload.thread_ts).toBe(root);
    expect(slack.test.requests.find((r) => r.text.startsWith('Bees carry pollen'))?.grade).toBe(3);
  });

  it('a job that keeps failing for our own reasons ends with one apology and the progress marked failed', async () => {
    const ts = '1700010700.000100';
    await slack.postEvent({ type: 'message', channel: 'D0FILE008', channel_type: 'im', user: 'U0FILE008', text: `The ${slack.test.failWord} chapter explains how tides follow the moon.`, ts });
    const last = await finished(ts);
    expect(last.text).toBe('Could not finish ❌');
    await new Promise((r) => setTimeout(r, 300));
    const texts = inThread(ts).map((m) => m.text);
    expect(texts.filter((t) => /Sorry, I could not finish this one/.test(t))).toHaveLength(1);
    // Tried JOB_MAX_ATTEMPTS times, never more.
    expect(slack.test.requests.filter((r) => r.text.includes(slack.test.failWord))).toHaveLength(slack.runtime.config.jobMaxAttempts);
    // One progress message for both attempts.
    expect(texts.filter((t) => /Working on it|in line/.test(t))).toHaveLength(1);
  });

  it('the bot ignores its own messages and other bots', async () => {
    const before = fake.calls.length;
    const intakeBefore = slack.adapter.health().intake;
    await slack.postEvent({ type: 'message', channel: 'D0FILE007', channel_type: 'im', user: BOT_USER_ID, text: 'The answer to your question is here in the thread.', ts: '1700010600.000100' });
    await slack.postEvent({ type: 'message', subtype: 'bot_message', channel: 'D0FILE007', channel_type: 'im', bot_id: 'B0OTHERBOT', text: 'Daily reminder about the science fair and the projects.', ts: '1700010600.000200' });
    await slack.postEvent({ type: 'message', channel: 'D0FILE007', channel_type: 'im', user: 'U0OTHERBOT', bot_id: 'B0OTHERBOT', text: 'Another bot writes a long enough message here.', ts: '1700010600.000300' });
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.calls.slice(before).filter((c) => c.params.channel === 'D0FILE007')).toEqual([]);
    expect(slack.adapter.health().intake).toEqual(intakeBefore);
  });
});
