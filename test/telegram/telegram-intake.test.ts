import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useStartedBot, startBot } from './bot-harness.js';
import { FakeBotApi } from './fake-bot-api.js';
import { parseTelegramHtml } from './parse-telegram-html.js';
import { message } from '../../src/core/messages.js';
import { createTestPipeline } from './test-pipeline.js';

const MB = 1_000_000;

/** Polls a condition that no Bot API call signals (a file removed, a log line). */
async function eventually(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('telegram: messages in, jobs out', () => {
  const suite = useStartedBot({
    // Whatever failed along the way, the token never reached a log line.
    afterStop: ({ bot, fake }) => expect(bot.runtime.logs.join('')).not.toContain(fake.token.split(':')[1]),
  });

  /** Waits until the chat's working message was edited to its last state `times` times (done, or could not finish). */
  const waitForAnswers = (chatId: number, times = 1) =>
    suite.fake.waitFor(() => suite.fake.callsOf('editMessageText', chatId).filter((c) => /Done|Could not finish|हो गया|पूरा नहीं हो सका/.test(String(c.params.text))).length >= times, 20_000, `answer ${times} in chat ${chatId}`);

  it('refuses a 25 MB document from its declared size, before any getFile, in one sentence', async () => {
    const chatId = 6001;
    const file = suite.fake.addFile(Buffer.from('small bytes; the declared size is what counts'), { declaredSize: 25 * MB });
    suite.fake.pushUpdate(suite.fake.message(chatId, { document: { ...file, file_name: 'book.pdf', mime_type: 'application/pdf' } }));
    const [refusal] = await suite.fake.waitFor(() => suite.fake.textsTo(chatId).length > 0 && suite.fake.textsTo(chatId), 5000, 'the refusal');
    expect(refusal).toMatch(/too big/i);
    expect(refusal).toContain('20 MB');
    expect(suite.fake.callsOf('getFile').filter((c) => c.params.file_id === file.file_id)).toEqual([]);
    // One sentence, no "working on it" first.
    await new Promise((r) => setTimeout(r, 300));
    expect(suite.fake.textsTo(chatId)).toHaveLength(1);
  });

  it('cuts a download of unknown size at the cap, refuses it and leaves no temporary file', async () => {
    const chatId = 6002;
    // No file_size in the message or getFile, no Content-Length on the download: only counting bytes can tell.
    const file = suite.fake.addFile(Buffer.alloc(21 * MB, 0x41), { declaredSize: null, chunked: true });
    suite.fake.pushUpdate(suite.fake.message(chatId, { document: { ...file, file_name: '../../etc/passwd' } }));
    await waitForAnswers(chatId);
    const texts = suite.fake.textsTo(chatId);
    expect(texts.some((t) => /too big/i.test(t) && t.includes('20 MB'))).toBe(true);
    expect(suite.fake.callsOf('getFile').filter((c) => c.params.file_id === file.file_id)).toHaveLength(1);
    expect(suite.fake.downloads).toHaveLength(1);
    // The job removes its files as it ends, just after the last edit.
    const tempDir = path.join(suite.bot.dataDir, 'tmp');
    await eventually(() => !existsSync(tempDir) || readdirSync(tempDir).length === 0, 'temporary files removed');
  });

  it('retries a sendMessage that got 429 once, after retry_after', async () => {
    const chatId = 6003;
    suite.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, { chatId });
    suite.fake.pushUpdate(suite.fake.message(chatId, { text: 'The river flows to the sea.' }));
    const [first, second] = await suite.fake.waitFor(() => {
      const calls = suite.fake.callsOf('sendMessage', chatId);
      return calls.length >= 2 && calls;
    }, 10_000, 'the retried message');
    expect(first!.ok).toBe(false);
    expect(second!.ok).toBe(true);
    expect(second!.params.text).toBe(first!.params.text);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    await suite.fake.waitFor(() => suite.fake.callsOf('sendVoice', chatId).length > 0, 10_000, 'the voice note');
    // The working message went out exactly once.
    expect(suite.fake.textsTo(chatId).filter((t) => /working|in line/i.test(t))).toHaveLength(1);
  });

  it('still answers when the first working message fails with an error that is not "chat gone"', async () => {
    const chatId = 6009;
    // Not 403 / "chat not found" (the job would end quietly) and not 429 / 5xx (auto-retry would resend it).
    suite.fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: message thread not found' }, { chatId });
    suite.fake.pushUpdate(suite.fake.message(chatId, { text: 'The sun rises in the east.' }));
    await suite.fake.waitFor(() => suite.fake.callsOf('sendVoice', chatId).length > 0, 20_000, 'the voice note');
    expect(suite.fake.callsOf('sendMessage', chatId)[0]!.ok).toBe(false);
    expect(suite.fake.textsTo(chatId).some((t) => /sun rises/iu.test(t))).toBe(true);
    expect(suite.bot.runtime.logs.some((l) => l.includes('could not send the working message'))).toBe(true);
  });

  it('sends a 6,500-character reply (three messages) full of markup characters complete, in parts of at most 4096', async () => {
    const chatId = 6004;
    const specials = '_*[]()~>#+-=|{}.!<&';
    const paragraphs: string[] = [];
    for (let p = 0; paragraphs.join('\n\n').length < 1500; p++) {
      const words = Array.from({ length: 60 }, (_, i) => `w${p}x${i}${specials[(p + i) % specials.length]}${specials}`);
      paragraphs.push(`Line ${p} says: ${words.join(' ')}.`);
    }
    // One "word" longer than a message: only a cut inside it can make it fit.
    const longWord = 'a&b<c!=|{}.'.repeat(450);
    paragraphs.push(longWord);
    // Three messages' worth: a longer reply goes as a document (see the conversation tests).
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThanOrEqual(6_000);
    const file = suite.fake.addFile(Buffer.from(text, 'utf8'));
    suite.fake.pushUpdate(suite.fake.message(chatId, { document: { ...file, file_name: 'notes.txt', mime_type: 'text/plain' } }));
    await waitForAnswers(chatId);

    const parts = suite.fake.callsOf('sendMessage', chatId).filter((c) => c.params.parse_mode === 'HTML');
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) {
      expect(part.ok).toBe(true);
      expect(String(part.params.text).length).toBeLessThanOrEqual(4096);
    }
    const shown = parts.map((p) => {
      const parsed = parseTelegramHtml(String(p.params.text));
      if ('error' in parsed) throw new Error(parsed.error);
      return parsed.text;
    });
    const footer = /\n\n[^\n]*rule-based[^\n]*$/;
    expect(shown.at(-1)).toMatch(footer);
    const body = shown.join(' ').replace(footer, '');
    const squash = (s: string) => s.replace(/\s+/g, '');
    expect(squash(body)).toBe(squash(suite.kit.simplified.at(-1)!));
    expect(body.length).toBeGreaterThanOrEqual(6_000);
    expect(squash(body)).toContain(longWord);
  });

  it('applies the options of a caption to that one message', async () => {
    const chatId = 6005;
    const file = suite.fake.addFile(Buffer.from('The sun is a star. It gives us light.', 'utf8'));
    suite.fake.pushUpdate(suite.fake.message(chatId, { document: { ...file, file_name: 'a.txt' }, caption: 'grade 7 hindi' }));
    await waitForAnswers(chatId);
    expect(suite.kit.requests.at(-1)!.grade).toBe(7);
    // No translation model is installed: the footer says Hindi could not be produced.
    // The caption asked for Hindi, so every sentence around the reply is in Hindi too.
    const last = suite.fake.textsTo(chatId).filter((t) => t.includes(message('hi', 'served.rule-based'))).at(-1)!;
    expect(last).toContain('हिन्दी में जवाब अभी उपलब्ध नहीं हैं');
    // The next message without a caption is back to the defaults.
    suite.fake.pushUpdate(suite.fake.message(chatId, { text: 'The moon goes round the earth.' }));
    await waitForAnswers(chatId, 2);
    expect(suite.kit.requests.at(-1)!.grade).toBe(5);
  });

  it('takes the subject for the router from a caption, else from the chat\'s stored default', async () => {
    const chatId = 6011;
    const file = suite.fake.addFile(Buffer.from('Plants make food from sunlight, water and air.', 'utf8'));
    suite.fake.pushUpdate(suite.fake.message(chatId, { document: { ...file, file_name: 'a.txt' }, caption: 'कक्षा 7 विज्ञान' }));
    await waitForAnswers(chatId);
    expect(suite.kit.requests.at(-1)).toMatchObject({ grade: 7, subject: 'science' });
    // Without a caption and without a default, no subject: the router counts it as "(none)".
    suite.fake.pushUpdate(suite.fake.message(chatId, { text: 'The moon goes round the earth.' }));
    await waitForAnswers(chatId, 2);
    expect(suite.kit.requests.at(-1)!.subject).toBeUndefined();
    // A default subject in the chat's settings applies to the next message; a caption still wins.
    await suite.bot.runtime.preferences.set(`telegram:${chatId}`, { subject: 'mathematics' });
    suite.fake.pushUpdate(suite.fake.message(chatId, { text: 'Half of ten is five.' }));
    await waitForAnswers(chatId, 3);
    expect(suite.kit.requests.at(-1)!.subject).toBe('mathematics');
    const second = suite.fake.addFile(Buffer.from('Rivers carry water to the sea.', 'utf8'));
    suite.fake.pushUpdate(suite.fake.message(chatId, { document: { ...second, file_name: 'b.txt' }, caption: 'grade 6 geography hindi' }));
    await waitForAnswers(chatId, 4);
    expect(suite.kit.requests.at(-1)).toMatchObject({ grade: 6, subject: 'geography' });
  });

  it('ends the job quietly when the user blocked the bot', async () => {
    const chatId = 6006;
    suite.fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, { chatId, times: 20 });
    const updateId = suite.fake.pushUpdate(suite.fake.message(chatId, { text: 'Water boils at 100 degrees.' }));
    await eventually(() => suite.bot.runtime.logs.some((l) => l.includes(`telegram:update:${updateId}`) && l.includes('job ended quietly')), 'the job to end quietly');
    await new Promise((r) => setTimeout(r, 500));
    // The working message was refused; nothing was tried after it: no download, no apology, no retry.
    expect(suite.fake.callsOf('sendMessage', chatId)).toHaveLength(1);
    expect(suite.fake.callsOf('sendVoice', chatId)).toHaveLength(0);
    expect(suite.bot.runtime.logs.some((l) => l.includes(`telegram:update:${updateId}`) && l.includes('job given up'))).toBe(false);
  });

  it('holds a user to 2 jobs in flight with one notice for the burst', async () => {
    const chatId = 6007;
    let release!: () => void;
    suite.kit.gate = new Promise<void>((resolve) => (release = resolve));
    try {
      for (const text of ['The first page.', 'The second page.', 'The third page.', 'The fourth page.']) suite.fake.pushUpdate(suite.fake.message(chatId, { text }));
      await suite.fake.waitFor(() => suite.fake.textsTo(chatId).some((t) => /sent a lot/i.test(t)), 5000, 'the slow-down notice');
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      release();
      suite.kit.gate = null;
    }
    await waitForAnswers(chatId, 2);
    await new Promise((r) => setTimeout(r, 300));
    const texts = suite.fake.textsTo(chatId);
    expect(texts.filter((t) => /sent a lot/i.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /working|in line/i.test(t))).toHaveLength(2);
    expect(suite.fake.callsOf('sendVoice', chatId)).toHaveLength(2);
  });

  it('in a group, answers only messages meant for it', async () => {
    const group = -1006009;
    suite.fake.pushUpdate(suite.fake.message(group, { text: 'Who is bringing the sweets tomorrow?' }));
    suite.fake.pushUpdate(suite.fake.message(group, { sticker: { file_id: 'st2', file_unique_id: 'st2', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }));
    suite.fake.pushUpdate(suite.fake.message(group, { text: '@Shiksha_Test_Bot Rivers carry water to the sea.' }));
    await waitForAnswers(group);
    expect(suite.kit.simplified.at(-1)).toBe('Rivers carry water to the sea.');
    const botMessage = suite.fake.callsOf('sendMessage', group)[0]!.result as { message_id: number };
    suite.fake.pushUpdate(suite.fake.message(group, { text: 'Clouds bring rain.', reply_to_message: { message_id: botMessage.message_id, date: 0, chat: { id: group, type: 'group', title: 'Class group' }, from: suite.fake.botInfo } }));
    await waitForAnswers(group, 2);
    expect(suite.kit.simplified.at(-1)).toBe('Clouds bring rain.');
    expect(suite.fake.textsTo(group).filter((t) => /working|in line/i.test(t))).toHaveLength(2);
    expect(suite.fake.textsTo(group).some((t) => /PDF/.test(t))).toBe(false);
  });

  it('answers a sticker with one sentence saying what to send', async () => {
    const chatId = 6008;
    suite.fake.pushUpdate(suite.fake.message(chatId, { sticker: { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }));
    const [reply] = await suite.fake.waitFor(() => suite.fake.textsTo(chatId).length > 0 && suite.fake.textsTo(chatId), 5000, 'the reply');
    expect(reply).toMatch(/PDF|photo/);
    expect(suite.fake.callsOf('getFile').some((c) => c.params.file_id === 'st')).toBe(false);
  });
});

describe('telegram: each update is answered once, across a restart', () => {
  it('does not answer an update again when a new process receives it after a crash', async () => {
    const fake = await FakeBotApi.start();
    const kit = createTestPipeline();
    try {
      const chatId = 6101;
      const first = await startBot(fake, { pipeline: kit.pipeline });
      const updateId = fake.pushUpdate(fake.message(chatId, { text: 'Birds build nests in spring.' }));
      await fake.waitFor(() => fake.callsOf('sendVoice', chatId).length === 1, 15_000, 'the first answer');
      await first.stop();
      const answered = fake.callsOf('sendMessage', chatId).length;

      // The process died before Telegram heard the offset: the update comes again, to a new process.
      fake.redeliver(updateId);
      const second = await startBot(fake, { pipeline: kit.pipeline, dataDir: first.dataDir });
      try {
        await fake.waitFor(() => fake.offset > updateId, 10_000, 'the redelivered update to be confirmed');
        await new Promise((r) => setTimeout(r, 500));
        expect(fake.callsOf('sendMessage', chatId)).toHaveLength(answered);
        expect(fake.callsOf('sendVoice', chatId)).toHaveLength(1);
        // The store holds the one job the first process finished; the redelivery added none.
        expect(second.runtime.queue.stats()).toMatchObject({ done: 1, queued: 0, running: 0 });
      } finally {
        await second.stop();
      }
    } finally {
      await kit.close();
      await fake.close();
    }
  });
});
