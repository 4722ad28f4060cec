import { readdir } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoOfText, SAMPLE_TEXTS } from '../../scripts/fixtures/page-photo.js';
import { message } from '../../src/core/messages.js';
import { FakeBotApi } from '../telegram/fake-bot-api.js';
import { killIfRunning, metricValue, type ServiceProcess, startService, waitForMetric } from './helpers/service-process.js';
import { slowModelDirs, type SlowModelDirs } from './helpers/slow-model.js';

/**
 * The embedded store, end to end with real processes: `shikshasetu serve` long-polls the
 * project's fake Bot API, and the tests kill it (SIGKILL), restart it and stop it (SIGTERM) at
 * the moments that matter, watching only what the chat would see.
 */
const CHAT = 5151;
const WORKING = [message('en', 'progress.working'), message('en', 'progress.queued')];
const SIMPLIFYING = message('en', 'progress.simplifying');

let fake: FakeBotApi;
let dirs: SlowModelDirs;
let env: Record<string, string>;
let page: Buffer;
let service: ServiceProcess | null = null;

const start = (name: string) => startService({ name, env, readyLog: /telegram adapter started/u });

/** Texts sent to the chat that are not the "working on it" message: the answer's parts. */
const replies = (chatId = CHAT) => fake.textsTo(chatId).filter((t) => !WORKING.includes(t));
const progressMessages = (chatId = CHAT) => fake.textsTo(chatId).filter((t) => WORKING.includes(t));
const voices = (chatId = CHAT) => fake.callsOf('sendVoice', chatId).filter((c) => c.ok);
/** The edits of one message, in order. */
const editsOf = (messageId: number) => fake.callsOf('editMessageText').filter((c) => Number(c.params.message_id) === messageId).map((c) => String(c.params.text));
const sawSimplifying = (chatId: number) => fake.callsOf('editMessageText', chatId).some((c) => c.params.text === SIMPLIFYING);

beforeAll(async () => {
  fake = await FakeBotApi.start();
  dirs = await slowModelDirs('shikshasetu-durable');
  env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...dirs.env };
  page = (await photoOfText(SAMPLE_TEXTS.en!)).jpeg;
});

afterAll(async () => {
  await killIfRunning(service);
  await fake.close();
  await dirs.remove();
});

/** Real processes on a loaded 2-core machine: each step waits on what the chat sees, with room to spare. */
const TEST_TIMEOUT_MS = 300_000;

describe('serve with the embedded job store (SQLite)', () => {
  it('resumes a job killed (SIGKILL) in the simplify stage: one working message, one answer, one voice note', async () => {
    service = await start('first');
    const updateId = fake.pushUpdate(fake.photoMessage(CHAT, page));
    await fake.waitFor(() => sawSimplifying(CHAT), 90_000, 'the "simplifying" progress edit');
    service.child.kill('SIGKILL');
    expect(await service.exited).toBeNull();
    expect(progressMessages()).toHaveLength(1);
    expect(replies()).toEqual([]);
    expect(voices()).toHaveLength(0);

    // As if the offset had not been confirmed: Telegram delivers the update again.
    fake.redeliver(updateId);
    service = await start('restarted');
    await fake.waitFor(() => voices().length === 1, 120_000, 'the voice note');
    // Done means the job is finished in the store, so nothing more can follow.
    await waitForMetric(service, 'shikshasetu_job_runs_total', { outcome: 'done' }, 1);
    expect(service.logs()).toMatch(/resuming jobs interrupted by the last stop/u);
    expect(progressMessages()).toHaveLength(1);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).toMatch(/photosynthesis|plants/iu);
    expect(voices()).toHaveLength(1);
    expect(voices()[0]!.files.voice!.bytes.subarray(0, 4).toString('latin1')).toBe('OggS');
    // The resumed run edited the first run's progress message (its handle came from the store) to done.
    const progressId = (fake.callsOf('sendMessage', CHAT).find((c) => WORKING.includes(String(c.params.text)))!.result as { message_id: number }).message_id;
    expect(editsOf(progressId).at(-1)).toBe(message('en', 'progress.done'));
  }, TEST_TIMEOUT_MS);

  it('answers the same page sent again from the result cache: no stage runs, the same answer', async () => {
    const first = replies()[0]!;
    fake.pushUpdate(fake.photoMessage(CHAT, page));
    await fake.waitFor(() => voices().length === 2, 60_000, 'the second voice note');
    await waitForMetric(service!, 'shikshasetu_job_runs_total', { outcome: 'done' }, 2);
    expect(replies()).toEqual([first, first]);
    const secondProgress = (fake.callsOf('sendMessage', CHAT).filter((c) => WORKING.includes(String(c.params.text))).at(-1)!.result as { message_id: number }).message_id;
    // Straight from "working" to "done": reading and simplifying never ran.
    expect(editsOf(secondProgress)).toEqual([message('en', 'progress.done')]);
    const metrics = await service!.metrics();
    expect(metricValue(metrics, 'shikshasetu_result_cache_lookups_total', { outcome: 'hit' })).toBe(1);
    expect(service!.logs()).toMatch(/answered from the result cache/u);
    expect(voices()[1]!.files.voice!.bytes.equals(voices()[0]!.files.voice!.bytes)).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('on SIGTERM finishes the running job, takes nothing new, and answers the waiting message after a restart', async () => {
    const chat = 6262;
    const other = (await photoOfText(SAMPLE_TEXTS.en!.split('\n\n').slice(0, 2).join('\n\n'), {}, { seed: 3 })).jpeg;
    fake.pushUpdate(fake.photoMessage(chat, other));
    await fake.waitFor(() => sawSimplifying(chat), 60_000, 'the "simplifying" edit');
    service!.child.kill('SIGTERM');
    await service!.waitForLog(/stopping intake/u);
    // bot.stop() confirms the offset with one last getUpdates (limit 1); after it nothing is fetched.
    await fake.waitFor(() => fake.callsOf('getUpdates').some((c) => Number(c.params.limit) === 1), 30_000, 'the final offset confirmation');
    const waiting = fake.pushUpdate(fake.message(chat, { text: 'The river flows to the sea. Fish live in the river and birds fly over it.' }));
    expect(await service!.exited).toBe(0);
    expect(voices(chat)).toHaveLength(1);
    expect(replies(chat)).toHaveLength(1);
    // The message sent after SIGTERM was not taken: no answer, and Telegram still has it.
    expect(progressMessages(chat)).toHaveLength(1);
    expect(fake.offset).toBeLessThanOrEqual(waiting);
    expect((await readdir(path.join(dirs.dataDir, 'tmp')).catch(() => [])).filter((f) => f.startsWith('tg-'))).toEqual([]);
    const db = new Database(path.join(dirs.dataDir, 'jobs.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE state NOT IN ('done')").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }

    service = await start('after-sigterm');
    await fake.waitFor(() => replies(chat).length === 2, 60_000, 'the answer to the waiting message');
    expect(replies(chat)[1]).toMatch(/river/iu);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }, TEST_TIMEOUT_MS);
});
