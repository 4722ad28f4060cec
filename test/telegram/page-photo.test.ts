import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePageImage } from '../../scripts/fixtures/make-documents.js';
import { readOggOpusDuration } from '../../src/audio/read-ogg-opus-duration.js';
import { startBot, type BotHarness } from './bot-harness.js';
import { FakeBotApi } from './fake-bot-api.js';
import { createTestPipeline, type TestPipeline } from './test-pipeline.js';

const PAGE = ['Plants make their own food.', 'They use sunlight, water and air.', 'This process is called photosynthesis.'];

describe('telegram: a parent sends a photo of a page', () => {
  let fake: FakeBotApi;
  let bot: BotHarness;
  let kit: TestPipeline;

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    kit = createTestPipeline({ voice: 'espeak' });
    bot = await startBot(fake, { pipeline: kit.pipeline });
  });

  afterAll(async () => {
    await bot?.stop();
    await kit?.close();
    await fake?.close();
  });

  it('answers within a second, shows progress, then sends the page simplified and an Ogg/Opus voice note', async () => {
    const chatId = 5001;
    // Telegram re-encodes photos as JPEG.
    const photo = await sharp(await makePageImage(PAGE, { width: 1200, height: 1600, fontSize: 44 })).jpeg({ quality: 85 }).toBuffer();
    const updateId = fake.pushUpdate(fake.photoMessage(chatId, photo));
    const pushedAt = fake.pushedAt(updateId)!;

    const first = await fake.waitFor(() => fake.callsOf('sendMessage', chatId)[0], 10_000, 'the working message');
    expect(first.at - pushedAt).toBeLessThan(1000);
    expect(String(first.params.text)).toMatch(/working|in line/i);
    expect((first.params.reply_parameters as { message_id: number }).message_id).toBeGreaterThan(0);

    const voice = await fake.waitFor(() => fake.callsOf('sendVoice', chatId).find((c) => c.ok), 60_000, 'the voice note');
    const replies = fake.textsTo(chatId).slice(1).join('\n');
    expect(replies).toMatch(/photosynthesis/i);
    expect(replies).toMatch(/sunlight/i);
    expect(replies).toMatch(/rule-based/i);

    // Only the largest photo size was downloaded.
    expect(fake.callsOf('getFile')).toHaveLength(1);
    expect(fake.downloads).toHaveLength(1);

    const bytes = voice.files.voice!.bytes;
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(bytes.includes(Buffer.from('OpusHead'))).toBe(true);
    const { durationSec } = readOggOpusDuration(bytes);
    expect(Number(voice.params.duration)).toBe(Math.max(1, Math.round(durationSec)));

    // Progress: the working message was edited through the stages, and chat actions were shown.
    const progressId = await fake.waitFor(() => fake.callsOf('editMessageText', chatId).some((c) => /done/i.test(String(c.params.text))) && first, 5000, 'done');
    expect(progressId).toBeTruthy();
    const edits = fake.callsOf('editMessageText', chatId).map((c) => String(c.params.text));
    expect(edits.some((t) => /reading/i.test(t))).toBe(true);
    expect(edits.some((t) => /simple/i.test(t))).toBe(true);
    expect(edits.some((t) => /recording/i.test(t))).toBe(true);
    const actions = fake.callsOf('sendChatAction', chatId).map((c) => c.params.action);
    expect(actions).toContain('typing');

    // The temporary download is gone once the job ended.
    await fake.waitFor(() => bot.runtime.queue.stats().done === 1, 5000, 'job done');
    const tempDir = path.join(bot.dataDir, 'tmp');
    expect(readdirSync(tempDir).filter((n) => !n.startsWith('.'))).toEqual([]);
  });
});
