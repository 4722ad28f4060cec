import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWhisperFixture, whisperFixtureSpeech, type WhisperFixture } from '../../scripts/fixtures/whisper-fixture.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { message } from '../../src/core/messages.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import { SherpaSpeechRecognizer } from '../../src/speech/sherpa-speech-recognizer.js';
import { SpeechModelStore } from '../../src/speech/speech-model-store.js';
import { startBot, type BotHarness } from './bot-harness.js';
import { FakeBotApi, type FakeCall } from './fake-bot-api.js';
import { createTestPipeline, type TestPipeline } from './test-pipeline.js';

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const buttons = (call: FakeCall) => ((call.params.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();

let dir: string;
let whisper: WhisperFixture;
let fake: FakeBotApi;
let kit: TestPipeline;
let bot: BotHarness;
const encoder = new OggOpusEncoder();

/** A voice note as Telegram delivers one, its Ogg/Opus bytes served by the fake Bot API. */
async function voiceMessage(chatId: number, samples: Float32Array, from: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const bytes = await encoder.encode({ samples, sampleRate: 16_000 });
  const file = fake.addFile(bytes, { absolutePath: `voice/file_${chatId}_${samples.length}.oga` });
  return fake.message(chatId, { voice: { ...file, duration: Math.round(samples.length / 16_000), mime_type: 'audio/ogg' } }, from);
}

/** The bot's messages to a chat that carry the language keyboard. */
const languageQuestions = (chatId: number) => fake.callsOf('sendMessage', chatId).filter((c) => c.ok && buttons(c).some((b) => b.callback_data.startsWith('lang:')));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'telegram-spoken-language-'));
  // The real recogniser with a Whisper-shaped model installed: its language identification runs.
  const store = new SpeechModelStore(path.join(dir, 'models'));
  whisper = await makeWhisperFixture(store.modelDir('whisper-fixture'));
  await store.writeManifest({ id: 'whisper-fixture', kind: 'recognizer', languages: ['en', 'hi', 'ta'], source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
  const models = new InstalledSpeechModels({ store, threads: 1 });
  fake = await FakeBotApi.start();
  kit = createTestPipeline({ recognizer: new SherpaSpeechRecognizer({ recognizers: () => models.recognizers() }) });
  bot = await startBot(fake, { pipeline: kit.pipeline, dataDir: path.join(dir, 'data') });
});

afterAll(async () => {
  await bot?.stop();
  await kit?.close();
  await fake?.close();
  await encoder.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('telegram: a voice note whose language was not found for sure', () => {
  it('is answered, then the parent is asked in their language to tap theirs; the tap decides the next note', async () => {
    const chatId = 9101;
    // Half the speech heard as Hindi, half as Tamil: 0.5 agreement, below the 0.7 bar.
    const mixed = whisperFixtureSpeech(whisper, ['नमस्ते', 'வணக்கம்'], { pauseSeconds: 26 });
    fake.pushUpdate(await voiceMessage(chatId, mixed, { language_code: 'hi' }));
    const question = await fake.waitFor(() => languageQuestions(chatId)[0], 60_000, 'the language question');
    // After the answer, not instead of it.
    expect(fake.callsOf('sendVoice', chatId).filter((c) => c.ok)).toHaveLength(1);
    expect(kit.simplified.at(-1)).toBe('नमस्ते வணக்கம்');
    expect(question.params.text).toBe(message('hi', 'speech.ask-language'));
    const choices = buttons(question);
    expect(choices.map((b) => b.text)).toEqual(expect.arrayContaining(['English', 'हिन्दी', 'தமிழ்', 'ଓଡ଼ିଆ', 'اردو']));
    expect(choices).toHaveLength(14);

    // One tap on Tamil saves it for the chat...
    const tamil = choices.find((b) => b.text === 'தமிழ்')!;
    const questionId = (question.result as { message_id: number }).message_id;
    fake.pushUpdate(fake.callbackQuery(chatId, tamil.callback_data, questionId, { language_code: 'hi' }));
    await fake.waitFor(() => fake.callsOf('editMessageText', chatId).find((c) => c.ok && Number(c.params.message_id) === questionId), 10_000, 'the tap confirmed');
    expect(await bot.runtime.preferences.get(`telegram:${chatId}`)).toEqual({ language: 'ta' });

    // ...and the same note is now heard as Tamil throughout, with no question.
    fake.pushUpdate(await voiceMessage(chatId, mixed, { language_code: 'hi' }));
    await fake.waitFor(() => fake.callsOf('sendVoice', chatId).filter((c) => c.ok).length === 2, 60_000, 'the second answer');
    expect(kit.simplified.at(-1)).toBe('வணக்கம் வணக்கம்');
    expect(languageQuestions(chatId)).toHaveLength(1);
  }, 150_000);

  it('asks nothing when the language was found for sure', async () => {
    const chatId = 9102;
    fake.pushUpdate(await voiceMessage(chatId, whisperFixtureSpeech(whisper, ['வணக்கம்'])));
    await fake.waitFor(() => fake.callsOf('sendVoice', chatId).some((c) => c.ok), 60_000, 'the answer');
    // The progress message's last edit comes after every reply part: nothing more is on its way.
    await fake.waitFor(() => fake.callsOf('editMessageText', chatId).some((c) => /✅/u.test(String(c.params.text))), 10_000, 'done');
    expect(kit.simplified.at(-1)).toBe('வணக்கம்');
    expect(languageQuestions(chatId)).toEqual([]);
  }, 90_000);
});
