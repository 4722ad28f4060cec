import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../../scripts/fixtures/make-documents.js';
import { GRADE_ACTION, LANGUAGE_ACTION, SUBJECT_ACTION } from '../../adapters/slack/slack-settings-ui.js';
import { BOT_USER_ID, startFakeSlackApi, TEAM_ID, type FakeSlackApi } from './fake-slack-api.js';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';

describe('Slack adapter: /simplify, settings and App Home', () => {
  let fake: FakeSlackApi;
  let slack: SlackHarness;
  let trigger = 0;

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    slack = await startSlackHarness(fake);
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
  });

  const command = (user: string, channel: string, text: string, responseId = `r${trigger}`) =>
    slack.postCommand({ command: '/simplify', text, user_id: user, channel_id: channel, trigger_id: `trig.${++trigger}`, response_url: fake.responseUrl(responseId) });

  it('acks a slash command within 3 s while the job takes longer, then replies in a thread it starts', async () => {
    slack.test.hold();
    const response = await command('U0CMD0001', 'C0CMD0001', '7 Photosynthesis is the process by which green plants, algae and some bacteria make food.');
    expect(response.status).toBe(200);
    expect(response.ms).toBeLessThan(3000);
    expect(JSON.parse(response.text)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Got it/) });
    // The job is waiting at the gate: nothing has been answered yet.
    await fake.waitFor(() => slack.test.requests.find((r) => r.text.startsWith('Photosynthesis')));
    expect(fake.uploads.filter((u) => u.channel_id === 'C0CMD0001')).toHaveLength(0);
    slack.test.release();

    const upload = await fake.waitFor(() => fake.uploads.find((u) => u.channel_id === 'C0CMD0001'), 60_000);
    const progress = fake.messages.find((m) => m.channel === 'C0CMD0001' && m.thread_ts === undefined);
    expect(progress?.text).toMatch(/Working on it|in line/);
    // The progress message starts the thread everything else goes to.
    expect(upload.thread_ts).toBe(progress!.ts);
    const parts = fake.messages.filter((m) => m.channel === 'C0CMD0001' && m.thread_ts === progress!.ts);
    expect(parts.map((p) => p.text).join('\n')).toContain('Photosynthesis is the process by which green plants. algae and some bacteria make food');
    expect(slack.test.requests.find((r) => r.text.startsWith('Photosynthesis'))?.grade).toBe(7);
  });

  it('/simplify with no text works on the newest file in the channel, in that file\'s thread', async () => {
    const pdf = await makeTextPdf(['Magnets pull iron and steel, and they point north when they hang freely.']);
    const file = fake.hostFile({ id: 'FCMD001', name: 'magnets.pdf', mimetype: 'application/pdf', bytes: pdf });
    fake.setHistory('C0CMD0002', [
      { type: 'message', user: 'U0OTHER01', text: 'thanks!', ts: '1700002000.000300' },
      { type: 'message', user: BOT_USER_ID, bot_id: 'BBOT0001', text: 'an older answer', ts: '1700002000.000250', files: [{ id: 'FBOT', name: 'reply.ogg' }] },
      { type: 'message', user: 'U0CMD0002', text: 'chapter 3', ts: '1700002000.000200', files: [file] },
    ]);
    const response = await command('U0CMD0002', 'C0CMD0002', 'grade 4');
    expect(response.status).toBe(200);
    const upload = await fake.waitFor(() => fake.uploads.find((u) => u.channel_id === 'C0CMD0002'), 60_000);
    expect(upload.thread_ts).toBe('1700002000.000200');
    expect(slack.test.requests.find((r) => r.text.startsWith('Magnets pull iron'))?.grade).toBe(4);
  });

  it('takes the subject for the router from the command or a mention, else from the stored default', async () => {
    await command('U0SUB0001', 'C0SUB0001', 'grade 7 science hindi Plants make their food from sunlight and water.');
    const fromCommand = await fake.waitFor(() => slack.test.requests.find((r) => r.text.startsWith('Plants make their food')), 60_000);
    expect(fromCommand).toMatchObject({ grade: 7, subject: 'science' });

    await slack.postEvent({ type: 'app_mention', channel: 'C0SUB0002', user: 'U0SUB0002', text: `<@${BOT_USER_ID}> कक्षा 7 विज्ञान The heart pumps blood through the body.`, ts: '1700020000.000100' });
    const fromMention = await fake.waitFor(() => slack.test.requests.find((r) => r.text.startsWith('The heart pumps')), 60_000);
    expect(fromMention).toMatchObject({ grade: 7, subject: 'science' });

    await slack.runtime.preferences.set(`slack:${TEAM_ID}:U0SUB0003`, { subject: 'history' });
    await command('U0SUB0003', 'C0SUB0003', 'The Mughal empire ruled large parts of India.');
    const fromDefault = await fake.waitFor(() => slack.test.requests.find((r) => r.text.startsWith('The Mughal empire')), 60_000);
    expect(fromDefault.subject).toBe('history');
  });

  it('/simplify with no text and no file answers privately', async () => {
    fake.setHistory('C0CMD0003', [{ type: 'message', user: 'U0OTHER01', text: 'hello', ts: '1700003000.000100' }]);
    await command('U0CMD0003', 'C0CMD0003', '', 'nofile');
    const answer = await fake.waitFor(() => fake.responses.find((r) => r.id === 'nofile'));
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/did not find a file/) });
    expect(fake.messages.filter((m) => m.channel === 'C0CMD0003')).toHaveLength(0);
  });

  it('/simplify in a channel the bot was not invited to answers privately how to invite it', async () => {
    fake.notInChannel.add('C0CMD0004');
    const response = await command('U0CMD0004', 'C0CMD0004', 'Earthquakes happen when rocks deep underground suddenly move.', 'noinvite');
    expect(response.status).toBe(200);
    const answer = await fake.waitFor(() => fake.responses.find((r) => r.id === 'noinvite'), 30_000);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/invite me with \/invite @ShikshaSetu/) });
    await new Promise((r) => setTimeout(r, 300));
    // Told once, not retried into a loop.
    expect(fake.responses.filter((r) => r.id === 'noinvite')).toHaveLength(1);
  });

  it('/simplify settings shows Block Kit selects; choosing stores the grade and language for later requests', async () => {
    const response = await command('U0SET0001', 'D0SET0001', 'settings');
    const ack = JSON.parse(response.text) as { blocks: Array<{ type: string; elements?: Array<{ type: string; action_id: string; options: Array<{ value: string }> }> }> };
    const selects = ack.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.type === 'static_select');
    expect(selects.map((s) => s.action_id)).toEqual([GRADE_ACTION, LANGUAGE_ACTION, SUBJECT_ACTION]);
    expect(selects[0]!.options).toHaveLength(12);
    expect(selects[1]!.options.map((o) => o.value)).toEqual(expect.arrayContaining(['same', 'hi', 'ta', 'en']));

    const choose = (actionId: string, value: string) =>
      slack.postAction({
        type: 'block_actions',
        team: { id: TEAM_ID, domain: 'school' },
        user: { id: 'U0SET0001', username: 'teacher', team_id: TEAM_ID },
        api_app_id: 'A0APP0001',
        container: { type: 'message', message_ts: '1700004000.000100', channel_id: 'D0SET0001', is_ephemeral: true },
        trigger_id: `trig.${++trigger}`,
        channel: { id: 'D0SET0001', name: 'directmessage' },
        response_url: fake.responseUrl(`set-${actionId}`),
        actions: [{ type: 'static_select', action_id: actionId, block_id: 'shikshasetu_settings', selected_option: { text: { type: 'plain_text', text: value }, value }, action_ts: '1700004001.000100' }],
      });
    expect((await choose(GRADE_ACTION, '9')).status).toBe(200);
    expect((await choose(LANGUAGE_ACTION, 'ta')).status).toBe(200);
    // The ephemeral message is redrawn with the saved choice, in the chosen language's table (English fallback).
    const redraw = await fake.waitFor(() => fake.responses.find((r) => r.id === `set-${LANGUAGE_ACTION}`));
    expect(redraw.body).toMatchObject({ replace_original: true, text: expect.stringMatching(/9/) });
    await expect(slack.runtime.preferences.get(`slack:${TEAM_ID}:U0SET0001`)).resolves.toEqual({ grade: 9, language: 'ta' });

    await slack.postEvent({ type: 'message', channel: 'D0SET0001', channel_type: 'im', user: 'U0SET0001', text: 'The moon goes around the earth once in about a month.', ts: '1700004100.000100' });
    await fake.waitFor(() => fake.uploads.find((u) => u.thread_ts === '1700004100.000100'), 60_000);
    expect(slack.test.requests.find((r) => r.text.startsWith('The moon'))?.grade).toBe(9);
    // Tamil was chosen; with no translation model the footer says so in Tamil, with no operator command.
    const reply = fake.messages.filter((m) => m.thread_ts === '1700004100.000100').map((m) => m.text).join('\n');
    expect(reply).toContain('தமிழ் பதில்கள் இன்னும் கிடைக்கவில்லை; இதோ ஆங்கிலம் மொழியில்.');
    expect(reply).not.toMatch(/models pull|API/u);

    // A mention's options win for that one request.
    await slack.postEvent({ type: 'message', channel: 'D0SET0001', channel_type: 'im', user: 'U0SET0001', text: 'class 3 The sun is a star that gives us heat and light every day.', ts: '1700004200.000100' });
    await fake.waitFor(() => fake.uploads.find((u) => u.thread_ts === '1700004200.000100'), 60_000);
    expect(slack.test.requests.find((r) => r.text.startsWith('The sun is a star'))?.grade).toBe(3);
  });

  it('App Home shows the same selects for the user', async () => {
    await slack.runtime.preferences.set(`slack:${TEAM_ID}:U0HOME001`, { grade: 11, language: 'hi', subject: 'biology' });
    const response = await slack.postEvent({ type: 'app_home_opened', user: 'U0HOME001', channel: 'D0HOME001', tab: 'home', event_ts: '1700005000.000100' });
    expect(response.status).toBe(200);
    const call = await fake.waitFor(() => fake.calls.find((c) => c.method === 'views.publish' && c.params.user_id === 'U0HOME001'));
    const view = JSON.parse(call.params.view!) as { type: string; blocks: Array<{ elements?: Array<{ action_id?: string; initial_option?: { value: string } }> }> };
    expect(view.type).toBe('home');
    const selects = view.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id);
    expect(selects.map((s) => [s.action_id, s.initial_option?.value])).toEqual([
      [GRADE_ACTION, '11'],
      [LANGUAGE_ACTION, 'hi'],
      [SUBJECT_ACTION, 'biology'],
    ]);
  });

  it('the settings offer the usual subject in the user\'s language; the choice is stored and routes later requests', async () => {
    const user = 'U0SUBJ001';
    await slack.runtime.preferences.set(`slack:${TEAM_ID}:${user}`, { language: 'hi' });
    const response = await command(user, 'D0SUBJ001', 'settings');
    const ack = JSON.parse(response.text) as { blocks: Array<{ elements?: Array<{ type: string; action_id: string; options: Array<{ value: string; text: { text: string } }> }> }> };
    const subjectSelect = ack.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === SUBJECT_ACTION)!;
    expect(subjectSelect.options.map((o) => o.text.text)).toEqual(['कोई सामान्य विषय नहीं', 'विज्ञान', 'गणित', 'भौतिकी', 'रसायन विज्ञान', 'जीव विज्ञान', 'इतिहास', 'भूगोल', 'सामाजिक विज्ञान', 'कंप्यूटर विज्ञान']);

    const choose = (value: string) =>
      slack.postAction({
        type: 'block_actions',
        team: { id: TEAM_ID, domain: 'school' },
        user: { id: user, username: 'teacher', team_id: TEAM_ID },
        api_app_id: 'A0APP0001',
        container: { type: 'message', message_ts: '1700006000.000100', channel_id: 'D0SUBJ001', is_ephemeral: true },
        trigger_id: `trig.${++trigger}`,
        channel: { id: 'D0SUBJ001', name: 'directmessage' },
        response_url: fake.responseUrl(`subj-${value}`),
        actions: [{ type: 'static_select', action_id: SUBJECT_ACTION, block_id: 'shikshasetu_settings', selected_option: { text: { type: 'plain_text', text: value }, value }, action_ts: '1700006001.000100' }],
      });
    expect((await choose('mathematics')).status).toBe(200);
    const redraw = await fake.waitFor(() => fake.responses.find((r) => r.id === 'subj-mathematics'));
    expect(redraw.body).toMatchObject({ text: expect.stringContaining('सामान्य विषय: गणित।') });
    await expect(slack.runtime.preferences.get(`slack:${TEAM_ID}:${user}`)).resolves.toEqual({ language: 'hi', subject: 'mathematics' });
    // A value that is not on the list is not stored.
    expect((await choose('astrology')).status).toBe(200);
    await expect(slack.runtime.preferences.get(`slack:${TEAM_ID}:${user}`)).resolves.toEqual({ language: 'hi', subject: 'mathematics' });

    await command(user, 'D0SUBJ001', 'A triangle has three sides and three angles.');
    const routed = await fake.waitFor(() => slack.test.requests.find((r) => r.text.startsWith('A triangle has')), 60_000);
    expect(routed.subject).toBe('mathematics');

    expect((await choose('none')).status).toBe(200);
    await fake.waitFor(() => fake.responses.find((r) => r.id === 'subj-none'));
    expect((await slack.runtime.preferences.get(`slack:${TEAM_ID}:${user}`))?.subject).toBeUndefined();
  });
});
