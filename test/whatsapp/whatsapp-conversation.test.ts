import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { CIRCULARS } from '../../scripts/fixtures/circulars.js';
import { makeDocx } from '../../scripts/fixtures/make-documents.js';
import { SAMPLE_TEXTS } from '../../scripts/fixtures/page-photo.js';
import { message } from '../../src/core/messages.js';
import { englishIn } from '../support/english-in.js';
import type { FakeGraphApi } from './fake-graph-api.js';
import { useStartedWhatsApp } from './whatsapp-harness.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const STICKER = { type: 'sticker', sticker: { id: '77', mime_type: 'image/webp', animated: false } };

/** Everything the bot wrote to a user: texts, list bodies, buttons, section and row titles, document captions. */
function everythingSaid(fake: FakeGraphApi, to: string): string[] {
  return fake.sentTo(to).flatMap((m) => {
    if (m.type === 'text') return [String((m.text as { body: string }).body)];
    if (m.type === 'document') return [String((m.document as { caption?: string }).caption ?? '')];
    if (m.type !== 'interactive') return [];
    const list = m.interactive as { body: { text: string }; action: { button: string; sections: Array<{ title: string; rows: Array<{ title: string; description?: string }> }> } };
    return [list.body.text, list.action.button, ...list.action.sections.flatMap((s) => [s.title, ...s.rows.flatMap((r) => [r.title, r.description ?? ''])])];
  });
}

const squash = (t: string) => t.replace(/\u200B/gu, '').replace(/\s+/gu, ' ').trim();

describe('whatsapp: one language for the whole conversation', () => {
  const users = { hi: '919800007101', ta: '919800007102' };
  const suite = useStartedWhatsApp({ env: { WHATSAPP_ALLOWED_NUMBERS: `${users.hi},${users.ta}` } });

  it.each([
    ['hi', users.hi, 'नमस्ते', 'प्रकाश संश्लेषण क्या है?', 'सेटिंग्स', '919800007201'],
    ['ta', users.ta, 'வணக்கம்', 'ஒளிச்சேர்க்கை என்றால் என்ன?', 'settings', '919800007202'],
  ] as const)('a %s user hears no English sentence, whatever they send; a stranger writing it is told "private" in it', async (language, user, greeting, question, settingsWord, stranger) => {
    const { fake, app } = suite;
    const circular = CIRCULARS.find((c) => c.language === language)!;
    const empty = fake.addMedia(Buffer.alloc(0), 'text/plain');
    const sent: string[] = [];
    const send = async (msg: Record<string, unknown>, from = user) => {
      const delivery = fake.delivery(from, [msg]);
      sent.push(wamidOf(delivery));
      expect((await fake.post(app.webhookUrl, delivery)).status).toBe(200);
    };
    // WhatsApp says nothing about the phone's language: the user's first words are the only clue.
    await send(fake.text(greeting));
    await send(fake.text(question));
    await send(fake.text(settingsWord));
    await send(STICKER);
    await send(fake.text(circular.text));
    await send(fake.document(empty, 'text/plain', 'empty.txt'));
    await send(fake.text(greeting), stranger);

    await fake.waitFor(() => fake.audiosTo(user).length === 1, 30_000, 'the circular\'s voice note');
    await fake.waitFor(() => fake.textsTo(user).includes(message(language, 'refused.empty')), 20_000, 'the empty file\'s refusal');
    await fake.waitFor(() => fake.listsTo(user).length === 3, 10_000, 'the settings lists (language, grade, subject)');
    const strangerSaid = await fake.waitFor(() => fake.textsTo(stranger)[0], 10_000, 'the stranger\'s answer');

    const said = everythingSaid(fake, user);
    expect(said).toContain(message(language, 'conversation.greeting'));
    expect(said).toContain(message(language, 'conversation.question'));
    expect(said).toContain(message(language, 'refused.unsupported-type'));
    expect(said).toContain(message(language, 'progress.working'));
    // The key facts open the circular's reply, in the parent's language.
    expect(said.some((t) => squash(t).startsWith(`📌 ${message(language, 'facts.heading')}`))).toBe(true);
    expect(strangerSaid).toBe(message(language, 'access.denied'));
    expect([...said, strangerSaid].flatMap((text) => englishIn(text, [circular.text]))).toEqual([]);
    // Small talk, the question, the settings word and the sticker made no job (a job marks its
    // message read): only the circular and the empty file did.
    const jobs = new Set(fake.callsOf('read').map((c) => c.body.message_id));
    expect(sent.filter((id) => jobs.has(id))).toEqual([sent[4], sent[5]]);
  }, 60_000);

  it('follows the caption\'s language, and tells the parent no operator command', async () => {
    const { fake, app } = suite;
    const user = users.hi;
    const page = SAMPLE_TEXTS.en!;
    const before = fake.textsTo(user).length;
    const mediaId = fake.addMedia(await makeDocx(page.split('\n\n')), DOCX_MIME);
    const doc = { type: 'document', document: { id: mediaId, mime_type: DOCX_MIME, sha256: 'x', filename: 'page.docx', caption: 'grade 4 hindi' } };
    expect((await fake.post(app.webhookUrl, fake.delivery(user, [doc]))).status).toBe(200);
    await fake.waitFor(() => fake.audiosTo(user).length === 2, 30_000, 'the voice note');
    const said = fake.textsTo(user).slice(before);
    expect(said[0]).toBe(message('hi', 'progress.working'));
    const reply = squash(said.join('\n'));
    expect(reply).toContain('हिन्दी में जवाब अभी उपलब्ध नहीं हैं; यह अंग्रेज़ी में है।');
    expect(reply).not.toMatch(/models pull|API कुंजी|API key/u);
    expect(said.flatMap((text) => englishIn(text, [page]))).toEqual([]);
    // The operator reads what to do in the log.
    await fake.waitFor(() => app.runtime.logs.some((l) => l.includes('shikshasetu models pull')), 5000, 'the operator hint in the log');
  }, 60_000);
});

describe('whatsapp: small talk', () => {
  const suite = useStartedWhatsApp();

  it.each([
    ['en', 'hello', '919800007301', 'conversation.greeting'],
    ['en', 'namaste', '919800007302', 'conversation.greeting'],
    ['hi', 'धन्यवाद', '919800007303', 'conversation.thanks'],
    ['ta', 'வணக்கம்', '919800007304', 'conversation.greeting'],
    ['bn', 'ধন্যবাদ', '919800007305', 'conversation.thanks'],
    ['ur', 'آپ کون ہیں؟', '919800007306', 'conversation.about'],
    ['en', 'what is photosynthesis?', '919800007307', 'conversation.question'],
  ] as const)('%s: "%s" gets one short answer, no job and no voice note', async (language, text, user, key) => {
    const { fake, app, kit } = suite;
    const before = kit.simplified.length;
    const jobsBefore = app.runtime.queue.stats();
    expect((await fake.post(app.webhookUrl, fake.delivery(user, [fake.text(text)]))).status).toBe(200);
    const answer = await fake.waitFor(() => fake.textsTo(user)[0], 5000, 'the answer');
    expect(answer).toBe(message(language, key));
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.textsTo(user)).toHaveLength(1);
    expect(fake.audiosTo(user)).toEqual([]);
    expect(kit.simplified.length).toBe(before);
    expect(app.runtime.queue.stats()).toEqual(jobsBefore);
  });
});

describe('whatsapp: notices and long documents', () => {
  const suite = useStartedWhatsApp();

  it('opens a circular\'s reply with what the parent must do, taken from the notice', async () => {
    const { fake, app } = suite;
    const user = '919800007401';
    const circular = CIRCULARS.find((c) => c.id === 'en-sports-day')!;
    await fake.post(app.webhookUrl, fake.delivery(user, [fake.text(circular.text)]));
    await fake.waitFor(() => fake.audiosTo(user).length === 1, 30_000, 'the voice note');
    const reply = squash(fake.textsTo(user)[1]!);
    expect(reply.startsWith('📌 What you need to do')).toBe(true);
    const block = fake.textsTo(user)[1]!.replace(/\u200B/gu, '').split('\n\n')[0]!;
    for (const fact of circular.facts) expect(block, fact).toContain(fact);
  }, 40_000);

  it('sends a 40-page chapter as at most three messages and one DOCX document with the whole simplified text', async () => {
    const { fake, app, kit } = suite;
    const user = '919800007402';
    // About 1,200 characters a page, as a printed chapter has: some 48,000 in all.
    const paragraphs = Array.from({ length: 40 }, (_, page) => [...SAMPLE_TEXTS.en!.split('\n\n'), ...SAMPLE_TEXTS.en!.split('\n\n')].map((p, i) => `Page ${page + 1}, part ${i + 1}. ${p}`)).flat();
    const mediaId = fake.addMedia(await makeDocx(paragraphs), DOCX_MIME);
    const uploadsBefore = fake.callsOf('upload').length;
    await fake.post(app.webhookUrl, fake.delivery(user, [fake.document(mediaId, DOCX_MIME, 'Chapter 4 (Plants).docx')]));
    await fake.waitFor(() => fake.audiosTo(user).length === 1, 60_000, 'the voice note');
    const simplified = kit.simplified.at(-1)!;
    expect(simplified.length).toBeGreaterThan(40_000);

    // The working message, then the first part with the pointer to the document.
    const texts = fake.textsTo(user);
    expect(texts.length - 1).toBeLessThanOrEqual(3);
    expect(texts.join('\n')).toContain(message('en', 'document.sent'));
    const documents = fake.documentsTo(user);
    expect(documents).toHaveLength(1);
    const document = documents[0]!;
    expect(document.filename).toBe('Chapter-4-Plants-simple.docx');
    expect(document.caption).toBe(message('en', 'document.caption'));
    // Uploaded with POST /{phone-number-id}/media as a DOCX, then sent by its id.
    const upload = fake.callsOf('upload').slice(uploadsBefore).find((c) => c.body.id === document.id)!;
    expect(upload.upload!.fields).toMatchObject({ messaging_product: 'whatsapp', type: DOCX_MIME });
    expect(upload.upload!.fileName).toBe('Chapter-4-Plants-simple.docx');
    const { value } = await mammoth.extractRawText({ buffer: document.bytes! });
    expect(squash(value)).toBe(squash(simplified));
    // The order a parent sees: the texts, the document, then the voice note.
    expect(fake.sentTo(user).map((m) => m.type).slice(-2)).toEqual(['document', 'audio']);
  }, 90_000);
});

/** The message id of a delivery's first message. */
function wamidOf(delivery: Record<string, unknown>): string {
  return (delivery.entry as Array<{ changes: Array<{ value: { messages: Array<{ id: string }> } }> }>)[0]!.changes[0]!.value.messages[0]!.id;
}
