import { describe, expect, it } from 'vitest';
import { MAX_FILES_PER_MESSAGE, planCommand, planMessage, readInboundMessage, readRequest } from '../../adapters/slack/slack-event-jobs.js';
import type { ResolvedSettings } from '../../adapters/slack/slack-settings.js';

const settings: ResolvedSettings = { uiLanguage: 'en', targetLanguage: 'hi', grade: 6 };
const file = (id: string) => ({ id, name: `${id}.pdf`, mimetype: 'application/pdf', size: 10, url_private_download: `https://files.slack.com/files-pri/T1-${id}/download/${id}.pdf` });

describe('Slack events to jobs', () => {
  it('reads a person\'s message and drops bots, edits and joins', () => {
    expect(readInboundMessage({ type: 'message', channel: 'C1', user: 'U1', ts: '1.1', text: 'hi', files: [file('F1')] }, 'T1')).toMatchObject({ channel: 'C1', user: 'U1', files: [{ id: 'F1', url: expect.stringContaining('F1') }] });
    expect(readInboundMessage({ type: 'message', channel: 'C1', user: 'U1', ts: '1.1', bot_id: 'B1', text: 'x' }, 'T1')).toBeNull();
    expect(readInboundMessage({ type: 'message', subtype: 'message_changed', channel: 'C1', ts: '1.1' }, 'T1')).toBeNull();
    expect(readInboundMessage({ type: 'message', subtype: 'channel_join', channel: 'C1', user: 'U1', ts: '1.1' }, 'T1')).toBeNull();
    expect(readInboundMessage('not an event', 'T1')).toBeNull();
    // An external file keeps no URL: the job will say it cannot be opened.
    expect(readInboundMessage({ type: 'message', channel: 'C1', user: 'U1', ts: '1.1', files: [{ ...file('F2'), is_external: true }] }, 'T1')?.files[0]?.url).toBeUndefined();
  });

  it('gives the app_mention and message copies of one message the same job id, and retries too', () => {
    const base = { channel: 'C1', user: 'U1', ts: '1700.0001', text: '<@UBOT> grade 6 hindi', files: [file('F1')] };
    const a = readInboundMessage({ type: 'app_mention', ...base }, 'T1')!;
    const b = readInboundMessage({ type: 'message', subtype: 'file_share', channel_type: 'channel', ...base }, 'T1')!;
    const planA = planMessage(a, readRequest(a, 'UBOT', true), settings, 'mention');
    const planB = planMessage(b, readRequest(b, 'UBOT', true), settings, 'mention');
    expect(planA.kind === 'jobs' && planA.jobs.map((j) => j.id)).toEqual(planB.kind === 'jobs' && planB.jobs.map((j) => j.id));
    expect(planA.kind === 'jobs' && planA.jobs[0]).toMatchObject({
      id: 'slack:msg:T1:C1:1700.0001',
      platform: 'slack',
      orderingKey: 'slack:T1:C1:1700.0001',
      userKey: 'slack:T1:U1',
      payload: { threadTs: '1700.0001', grade: 6, targetLanguage: 'hi', input: { kind: 'file' } },
    });
    expect(JSON.parse(JSON.stringify(planA))).toEqual(planA);
  });

  it('makes one job per file, up to the cap, and replies in the message\'s thread', () => {
    const msg = readInboundMessage({ type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', ts: '5.5', thread_ts: '4.4', text: '', files: Array.from({ length: 8 }, (_, i) => file(`F${i}`)) }, 'T1')!;
    const plan = planMessage(msg, readRequest(msg, 'UBOT', false), settings, 'dm');
    expect(plan.kind === 'jobs' && plan.jobs.map((j) => j.id)).toEqual(['slack:msg:T1:D1:5.5', ...Array.from({ length: MAX_FILES_PER_MESSAGE - 1 }, (_, i) => `slack:msg:T1:D1:5.5:${i + 1}`)]);
    expect(plan.kind === 'jobs' && new Set(plan.jobs.map((j) => j.payload.threadTs))).toEqual(new Set(['4.4']));
  });

  it('a greeting gets the usage line; a bare mention in a thread looks for the thread\'s file', () => {
    const hello = readInboundMessage({ type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', ts: '6.6', text: 'hello there' }, 'T1')!;
    expect(planMessage(hello, readRequest(hello, 'UBOT', false), settings, 'dm')).toEqual({ kind: 'usage' });
    const bare = readInboundMessage({ type: 'app_mention', channel: 'C1', user: 'U1', ts: '7.7', thread_ts: '7.0', text: '<@UBOT> class 4 ta' }, 'T1')!;
    const plan = planMessage(bare, readRequest(bare, 'UBOT', true), settings, 'mention');
    expect(plan.kind === 'jobs' && plan.jobs[0]!.payload.input).toEqual({ kind: 'latest-file', in: 'thread' });
    expect(readRequest(bare, 'UBOT', true)).toMatchObject({ grade: 4, language: 'ta' });
  });

  it('maps /simplify to settings, help, a text job or the newest file', () => {
    const command = (text: string) => ({ teamId: 'T1', channel: 'C1', user: 'U1', text, triggerId: '123.456.abc', responseUrl: 'https://hooks.slack.com/commands/x' });
    const resolve = (o: { grade?: number; language?: string }) => ({ uiLanguage: 'en', targetLanguage: o.language ?? null, grade: o.grade ?? 5 });
    expect(planCommand(command('settings'), resolve)).toEqual({ kind: 'settings' });
    expect(planCommand(command('help'), resolve)).toEqual({ kind: 'usage' });
    const text = planCommand(command('8 ta Plants need light.'), resolve);
    expect(text).toMatchObject({ kind: 'job', job: { id: 'slack:command:T1:123.456.abc', payload: { grade: 8, targetLanguage: 'ta', threadTs: null, input: { kind: 'text', text: 'Plants need light.' }, responseUrl: 'https://hooks.slack.com/commands/x' } } });
    expect(planCommand(command('grade 3'), resolve)).toMatchObject({ kind: 'job', job: { payload: { grade: 3, input: { kind: 'latest-file', in: 'channel' } } } });
  });
});
