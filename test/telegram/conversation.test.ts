import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { CIRCULARS } from '../../scripts/fixtures/circulars.js';
import { makeDocx } from '../../scripts/fixtures/make-documents.js';
import { SAMPLE_TEXTS } from '../../scripts/fixtures/page-photo.js';
import { message } from '../../src/core/messages.js';
import { englishIn } from '../support/english-in.js';
import { useStartedBot } from './bot-harness.js';
import type { FakeBotApi } from './fake-bot-api.js';

const STICKER = { sticker: { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } };

/** Everything the bot wrote to a chat: messages, progress edits, voice and document captions. */
function everythingSaid(fake: FakeBotApi, chatId: number): string[] {
  return [
    ...fake.textsTo(chatId),
    ...fake.callsOf('editMessageText', chatId).map((c) => String(c.params.text)),
    ...fake.callsOf('sendVoice', chatId).map((c) => String(c.params.caption ?? '')),
    ...fake.callsOf('sendDocument', chatId).map((c) => String(c.params.caption ?? '')),
  ];
}

const waitForDone = (fake: FakeBotApi, chatId: number, language: string, times: number) =>
  fake.waitFor(
    () => fake.callsOf('editMessageText', chatId).filter((c) => [message(language, 'progress.done'), message(language, 'progress.failed')].includes(String(c.params.text))).length >= times,
    30_000,
    `${times} answers in chat ${chatId}`,
  );

describe('telegram: one language for the whole conversation', () => {
  const suite = useStartedBot();

  it.each([
    ['hi', 7101, 'नमस्ते', 'प्रकाश संश्लेषण क्या है?'],
    ['ta', 7102, 'வணக்கம்', 'ஒளிச்சேர்க்கை என்றால் என்ன?'],
  ] as const)('a %s user hears no English sentence, whatever they send', async (language, chatId, greeting, question) => {
    const { fake } = suite;
    const from = { language_code: language };
    const circular = CIRCULARS.find((c) => c.language === language)!;
    const empty = fake.addFile(Buffer.alloc(0));
    fake.pushUpdate(fake.message(chatId, { text: '/help' }, from));
    fake.pushUpdate(fake.message(chatId, { text: greeting }, from));
    fake.pushUpdate(fake.message(chatId, { text: question }, from));
    fake.pushUpdate(fake.message(chatId, STICKER, from));
    fake.pushUpdate(fake.message(chatId, { text: circular.text }, from));
    fake.pushUpdate(fake.message(chatId, { document: { ...empty, file_name: 'empty.txt', mime_type: 'text/plain' } }, from));
    await waitForDone(fake, chatId, language, 2);
    await fake.waitFor(() => fake.callsOf('sendVoice', chatId).some((c) => c.ok), 20_000, 'the voice note');

    const said = everythingSaid(fake, chatId);
    expect(said).toContain(message(language, 'conversation.greeting'));
    expect(said).toContain(message(language, 'conversation.question'));
    expect(said).toContain(message(language, 'refused.empty'));
    expect(said.some((t) => t.startsWith(`📌 ${message(language, 'facts.heading')}`))).toBe(true);
    const english = said.flatMap((text) => englishIn(text, [circular.text]));
    expect(english).toEqual([]);
  });

  it('follows the caption\'s language from a phone set to English, and tells the parent no operator command', async () => {
    const { fake } = suite;
    const chatId = 7103;
    const page = SAMPLE_TEXTS.en!;
    const file = fake.addFile(await makeDocx(page.split('\n\n')));
    fake.pushUpdate(fake.message(chatId, { document: { ...file, file_name: 'page.docx' }, caption: 'grade 4 hindi' }, { language_code: 'en' }));
    await waitForDone(fake, chatId, 'hi', 1);
    const said = everythingSaid(fake, chatId);
    expect(said[0]).toBe(message('hi', 'progress.working'));
    const reply = said.join('\n');
    expect(reply).toContain('हिन्दी में जवाब अभी उपलब्ध नहीं हैं; यह अंग्रेज़ी में है।');
    expect(reply).not.toMatch(/models pull|API कुंजी|API key/u);
    expect(said.flatMap((text) => englishIn(text, [page]))).toEqual([]);
    // The operator reads what to do in the log.
    await fake.waitFor(() => suite.bot.runtime.logs.some((l) => l.includes('shikshasetu models pull')), 5000, 'the operator hint in the log');
  });
});

describe('telegram: small talk', () => {
  const suite = useStartedBot();

  it.each([
    ['en', 'hello', 7201, 'conversation.greeting'],
    ['en', 'namaste', 7202, 'conversation.greeting'],
    ['hi', 'धन्यवाद', 7203, 'conversation.thanks'],
    ['ta', 'வணக்கம்', 7204, 'conversation.greeting'],
    ['bn', 'ধন্যবাদ', 7205, 'conversation.thanks'],
    ['ur', 'آپ کون ہیں؟', 7206, 'conversation.about'],
    ['en', 'what is photosynthesis?', 7207, 'conversation.question'],
  ] as const)('%s: "%s" gets one short answer, no job and no voice note', async (language, text, chatId, key) => {
    const { fake, kit } = suite;
    const before = kit.simplified.length;
    fake.pushUpdate(fake.message(chatId, { text }, { language_code: 'en' }));
    const [answer] = await fake.waitFor(() => fake.textsTo(chatId).length > 0 && fake.textsTo(chatId), 5000, 'the answer');
    expect(answer).toBe(message(language, key));
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.textsTo(chatId)).toHaveLength(1);
    expect(fake.callsOf('sendVoice', chatId)).toEqual([]);
    expect(kit.simplified.length).toBe(before);
  });
});

describe('telegram: notices and long documents', () => {
  const suite = useStartedBot();

  it('opens a circular\'s reply with what the parent must do, taken from the notice', async () => {
    const { fake } = suite;
    const chatId = 7301;
    const circular = CIRCULARS.find((c) => c.id === 'en-sports-day')!;
    fake.pushUpdate(fake.message(chatId, { text: circular.text }));
    await waitForDone(fake, chatId, 'en', 1);
    const reply = fake.textsTo(chatId)[1]!;
    expect(reply.startsWith('📌 What you need to do')).toBe(true);
    for (const fact of circular.facts) expect(reply.split('\n\n')[0], fact).toContain(fact);
  });

  it('sends a 40-page chapter as at most three messages and one document with the whole simplified text', async () => {
    const { fake, kit } = suite;
    const chatId = 7302;
    // About 1,200 characters a page, as a printed chapter has: some 48,000 in all.
    const paragraphs = Array.from({ length: 40 }, (_, page) => [...SAMPLE_TEXTS.en!.split('\n\n'), ...SAMPLE_TEXTS.en!.split('\n\n')].map((p, i) => `Page ${page + 1}, part ${i + 1}. ${p}`)).flat();
    const file = fake.addFile(await makeDocx(paragraphs));
    fake.pushUpdate(fake.message(chatId, { document: { ...file, file_name: 'Chapter 4 (Plants).docx' } }));
    await waitForDone(fake, chatId, 'en', 1);
    await fake.waitFor(() => fake.callsOf('sendVoice', chatId).some((c) => c.ok), 20_000, 'the voice note');
    const simplified = kit.simplified.at(-1)!;
    expect(simplified.length).toBeGreaterThan(40_000);

    // The progress message, then the first part with the pointer to the document.
    const texts = fake.textsTo(chatId);
    expect(texts.length - 1).toBeLessThanOrEqual(3);
    expect(texts.join('\n')).toContain(message('en', 'document.sent'));
    const documents = fake.callsOf('sendDocument', chatId).filter((c) => c.ok);
    expect(documents).toHaveLength(1);
    const upload = documents[0]!.files.document!;
    expect(upload.name).toBe('Chapter-4-Plants-simple.docx');
    const { value } = await mammoth.extractRawText({ buffer: upload.bytes });
    const squash = (t: string) => t.replace(/\s+/gu, ' ').trim();
    expect(squash(value)).toBe(squash(simplified));
  });
});
