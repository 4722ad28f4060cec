import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { SAMPLE_TEXTS } from '../../scripts/fixtures/page-photo.js';
import { message } from '../../src/core/messages.js';
import { useSlackHarness } from './slack-harness.js';

describe('Slack adapter: small talk and long replies', () => {
  const h = useSlackHarness();

  it('answers "नमस्ते" in a DM with one Hindi sentence and starts no job', async () => {
    const before = h.slack.test.requests.length;
    const ts = '1700009000.000100';
    expect((await h.slack.postEvent({ type: 'message', channel: 'D0TALK001', channel_type: 'im', user: 'U0TALK001', text: 'नमस्ते', ts })).status).toBe(200);
    const answer = await h.fake.waitFor(() => h.fake.messages.find((m) => m.channel === 'D0TALK001'), 5000);
    expect(answer.text).toBe(message('hi', 'conversation.greeting'));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.messages.filter((m) => m.channel === 'D0TALK001')).toHaveLength(1);
    expect(h.slack.test.requests.length).toBe(before);
    expect(h.fake.uploads.filter((u) => u.channel_id === 'D0TALK001')).toEqual([]);
  });

  it('sends a 40-page text as at most three messages and one DOCX in the thread', async () => {
    const text = Array.from({ length: 40 }, (_, page) => [...SAMPLE_TEXTS.en!.split('\n\n'), ...SAMPLE_TEXTS.en!.split('\n\n')].map((p, i) => `Page ${page + 1}, part ${i + 1}. ${p}`)).flat().join('\n\n');
    const file = h.fake.hostFile({ id: 'FTXT0040', name: 'chapter-7.txt', mimetype: 'text/plain', bytes: Buffer.from(text) });
    const ts = '1700009100.000100';
    await h.slack.postEvent({ type: 'message', subtype: 'file_share', channel: 'D0LONG001', channel_type: 'im', user: 'U0LONG001', text: '', ts, files: [file] });
    const docx = await h.fake.waitFor(() => h.fake.uploads.find((u) => u.thread_ts === ts && u.filename.endsWith('.docx')), 60_000);
    await h.fake.waitFor(() => h.fake.uploads.find((u) => u.thread_ts === ts && u.filename.endsWith('.ogg')), 60_000);
    expect(docx.filename).toBe('chapter-7-simple.docx');
    const inThread = h.fake.messages.filter((m) => m.thread_ts === ts);
    // The progress message, then at most three.
    expect(inThread.length - 1).toBeLessThanOrEqual(3);
    // The test simplifier turns ", " into ". ": the document holds its output, not the input.
    const simplified = h.slack.test.requests.find((r) => r.text.startsWith('Page 1, part 1.'))!.text.replace(/,\s+/g, '. ');
    const { value } = await mammoth.extractRawText({ buffer: docx.bytes });
    const squash = (t: string) => t.replace(/\s+/gu, ' ').trim();
    expect(squash(value)).toBe(squash(simplified));
  });
});
