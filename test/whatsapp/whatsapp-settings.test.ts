import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageName, message } from '../../src/core/messages.js';
import { createTestPipeline, type TestPipeline } from '../telegram/test-pipeline.js';
import { tempDataDir } from '../telegram/test-runtime.js';
import { FakeGraphApi } from './fake-graph-api.js';
import { startWhatsApp, type WhatsAppHarness } from './whatsapp-harness.js';

/**
 * Settings by interactive list messages, as a parent would tap them: "settings" brings up the
 * three lists (language, grade, usual subject), "More…" opens the rest of a list, a tapped row is saved per user in DATA_DIR, and
 * the choice holds after the service restarts.
 */
describe('whatsapp: settings chosen from list messages', () => {
  let fake: FakeGraphApi;
  let kit: TestPipeline;
  let app: WhatsAppHarness | null = null;
  const dataDir = tempDataDir();
  const user = '919876500001';

  beforeAll(async () => {
    fake = await FakeGraphApi.start();
    kit = createTestPipeline();
    app = await startWhatsApp(fake, { pipeline: kit.pipeline, dataDir });
  });

  afterAll(async () => {
    await app?.stop();
    await kit?.close();
    await fake?.close();
  });

  const send = async (msg: Record<string, unknown>) => expect((await fake.post(app!.webhookUrl, fake.delivery(user, [msg]))).status).toBe(200);

  it('"settings" brings up the language, grade and subject lists, each within WhatsApp\'s 10 rows', async () => {
    await send(fake.text('settings'));
    const [languages, grades, subjects] = await fake.waitFor(() => (fake.listsTo(user).length === 3 ? fake.listsTo(user) : null), 10_000, 'three lists');
    expect(fake.textsTo(user)[0]).toBe(message('en', 'settings.current', { language: 'English', grade: 5 }));
    expect(languages!.rows.map((r) => r.id)).toEqual(['lang:en', 'lang:hi', 'lang:bn', 'lang:ta', 'lang:te', 'lang:kn', 'lang:ml', 'lang:mr', 'lang:gu', 'lang:more:1']);
    expect(languages!.rows[1]!.title).toBe('हिन्दी');
    expect(grades!.rows.map((r) => r.id)).toEqual([...Array.from({ length: 9 }, (_, i) => `grade:${i + 1}`), 'grade:more:1']);
    expect(subjects!.body).toBe(message('en', 'settings.choose-subject'));
    expect(subjects!.rows.map((r) => r.title)).toEqual(['Science', 'Mathematics', 'Physics', 'Chemistry', 'Biology', 'History', 'Geography', 'Social science', 'Computer science', 'No usual subject']);

    await send(fake.listReply('lang:more:1', 'More…'));
    const rest = await fake.waitFor(() => fake.listsTo(user)[3], 10_000, 'the rest of the languages');
    expect(rest.rows.map((r) => r.id)).toEqual(['lang:pa', 'lang:or', 'lang:ur', 'lang:as', 'lang:same']);
  });

  it('saves a tapped language and answers in it from then on, asking for the grade next', async () => {
    await send(fake.listReply('lang:ta', 'தமிழ்'));
    const saved = await fake.waitFor(() => fake.textsTo(user)[1], 10_000, 'the confirmation');
    expect(saved).toBe(message('ta', 'settings.language-saved', { language: languageName('ta', 'ta') }));
    const gradeList = await fake.waitFor(() => fake.listsTo(user)[4], 10_000, 'the grade list');
    expect(gradeList.body).toBe(message('ta', 'settings.choose-grade'));
    await send(fake.listReply('grade:more:1'));
    const moreGrades = await fake.waitFor(() => fake.listsTo(user)[5], 10_000, 'grades 10-12');
    expect(moreGrades.rows.map((r) => r.id)).toEqual(['grade:10', 'grade:11', 'grade:12']);
    await send(fake.listReply('grade:7', message('ta', 'slack.settings-grade-option', { grade: 7 })));
    await fake.waitFor(() => fake.textsTo(user)[2], 10_000, 'the grade confirmation');
    expect(fake.textsTo(user)[2]).toContain(message('ta', 'settings.grade-saved', { grade: 7 }));
    // The usual subject, confirmed in Tamil; a forged row id is ignored.
    await send(fake.listReply('subj:astrology', 'Astrology'));
    await send(fake.listReply('subj:science', 'அறிவியல்'));
    await fake.waitFor(() => fake.textsTo(user)[3], 10_000, 'the subject confirmation');
    expect(fake.textsTo(user)[3]).toBe('வழக்கமான பாடம் சேமிக்கப்பட்டது: அறிவியல்.');
    expect(await app!.runtime.preferences.get(`whatsapp:${user}`)).toMatchObject({ language: 'ta', grade: 7, subject: 'science' });
  });

  it('keeps the choices after a restart: the next page is answered in Tamil, for grade 7, routed as science', async () => {
    await app!.stop();
    app = null;
    app = await startWhatsApp(fake, { pipeline: kit.pipeline, dataDir });
    const before = kit.requests.length;
    await send(fake.text('The sun rises in the east and sets in the west.'));
    await fake.waitFor(() => fake.audiosTo(user).length === 1, 30_000, 'the answer');
    expect(fake.textsTo(user)).toContain(message('ta', 'progress.working'));
    expect(kit.requests.slice(before)).toEqual([expect.objectContaining({ grade: 7, subject: 'science' })]);
  }, 60_000);

  it('lets a caption set grade and language for that one message only', async () => {
    const before = kit.requests.length;
    await send(fake.text('सेटिंग्स'));
    // Hindi "settings" brings the lists up too, in the user's chosen language (Tamil).
    await fake.waitFor(() => fake.listsTo(user).length === 9, 10_000, 'the lists again');
    expect(fake.listsTo(user)[6]!.body).toBe(message('ta', 'settings.choose-language'));
    expect(fake.textsTo(user)).toContain('பதில் மொழி: தமிழ். வகுப்பு: 7. வழக்கமான பாடம்: அறிவியல்.');
    const mediaId = fake.addMedia(Buffer.from('Water boils at one hundred degrees.\n'), 'text/plain');
    await send({ type: 'document', document: { id: mediaId, mime_type: 'text/plain', filename: 'note.txt', caption: 'grade 3 hindi' } });
    await fake.waitFor(() => fake.audiosTo(user).length === 2, 30_000, 'the second answer');
    expect(kit.requests.slice(before)).toEqual([expect.objectContaining({ grade: 3 })]);
    // The "working" text of that message was in Hindi; the stored choice is still Tamil and grade 7.
    expect(fake.textsTo(user)).toContain(message('hi', 'progress.working'));
    const stored = await app!.runtime.preferences.get(`whatsapp:${user}`);
    expect(stored).toMatchObject({ language: 'ta', grade: 7, subject: 'science' });

    // "No usual subject" removes it.
    await send(fake.listReply('subj:none'));
    await fake.waitFor(() => fake.textsTo(user).includes(message('ta', 'settings.subject-cleared')), 10_000, 'the cleared confirmation');
    expect((await app!.runtime.preferences.get(`whatsapp:${user}`))?.subject).toBeUndefined();
  }, 60_000);
});
