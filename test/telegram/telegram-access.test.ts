import { describe, expect, it } from 'vitest';
import { AllowList } from '../../adapters/telegram/allow-list.js';
import { useStartedBot } from './bot-harness.js';

describe('AllowList', () => {
  it('matches chat ids, user ids and usernames, case-insensitively', () => {
    const list = new AllowList('12345, -1001234567890 @Teacher_Asha  school_bot_group');
    expect(list.enabled).toBe(true);
    expect(list.allows({ chatId: 12345 })).toBe(true);
    expect(list.allows({ chatId: -1001234567890 })).toBe(true);
    expect(list.allows({ chatId: 999, username: 'teacher_asha' })).toBe(true);
    expect(list.allows({ chatId: -100777, chatUsername: 'SCHOOL_BOT_GROUP' })).toBe(true);
    expect(list.allows({ chatId: -100777, userId: 12345 })).toBe(true);
    expect(list.allows({ chatId: 999, username: 'someone_else' })).toBe(false);
    expect(list.allows({ chatId: 1234 })).toBe(false);
  });

  it('allows everyone when empty, and nobody when every entry is invalid', () => {
    expect(new AllowList('').allows({ chatId: 1 })).toBe(true);
    const broken = new AllowList('@a, not a name!');
    expect(broken.invalid).toEqual(['@a', 'not', 'a', 'name!']);
    expect(broken.allows({ chatId: 1, username: 'a' })).toBe(false);
  });
});

describe('telegram: a chat not on the allow-list', () => {
  const suite = useStartedBot({ env: { TELEGRAM_ALLOWED_CHATS: '9001,@class5_teacher' } });

  it('gets one polite refusal, in its language, and nothing is processed', async () => {
    const stranger = 9002;
    const photo = suite.fake.photoMessage(stranger, Buffer.from('not even read'), { from: { language_code: 'hi' } });
    suite.fake.pushUpdate(photo);
    suite.fake.pushUpdate(suite.fake.message(stranger, { text: 'Please simplify this.' }, { language_code: 'hi' }));
    suite.fake.pushUpdate(suite.fake.message(stranger, { text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] }, { language_code: 'hi' }));
    const [refusal] = await suite.fake.waitFor(() => suite.fake.textsTo(stranger).length > 0 && suite.fake.textsTo(stranger), 5000, 'the refusal');
    expect(refusal).toContain('स्कूल');
    // A listed chat right after it is served: the stranger's updates were all handled by then.
    suite.fake.pushUpdate(suite.fake.message(9001, { text: 'Fish live in water.' }));
    await suite.fake.waitFor(() => suite.fake.callsOf('sendVoice', 9001).length === 1, 10_000, 'the allowed chat to be answered');
    expect(suite.fake.textsTo(stranger)).toHaveLength(1);
    expect(suite.fake.callsOf('getFile')).toHaveLength(0);
    expect(suite.kit.requests).toHaveLength(1);
  });

  it('lets a listed username in from any chat', async () => {
    const chatId = 9003;
    suite.fake.pushUpdate(suite.fake.message(chatId, { text: 'Leaves are green.' }, { username: 'Class5_Teacher' }));
    await suite.fake.waitFor(() => suite.fake.callsOf('sendVoice', chatId).length === 1, 10_000, 'the answer');
  });
});
