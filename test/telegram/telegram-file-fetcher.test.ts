import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramFileFetcher } from '../../adapters/telegram/telegram-file-fetcher.js';
import { TempFiles } from '../../adapters/shared/temp-files.js';
import { TELEGRAM_TEMP_PREFIX } from '../../adapters/telegram/telegram-job.js';
import { isInputRefused, isStageError } from '../../src/core/errors.js';
import { FakeBotApi } from './fake-bot-api.js';
import { tempDataDir } from './test-runtime.js';

describe('TelegramFileFetcher', () => {
  let fake: FakeBotApi;
  let dir: string;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    dir = tempDataDir();
  });
  afterAll(async () => {
    await fake.close();
  });

  const fetcher = (maxBytes = 1000, apiRoot = fake.apiRoot) => new TelegramFileFetcher({ api: new Api(fake.token, { apiRoot }), token: fake.token, apiRoot, maxBytes });

  it('downloads through TELEGRAM_API_ROOT into a randomly named temp file, removed afterwards', async () => {
    const bytes = Buffer.from('page text '.repeat(50));
    const file = fake.addFile(bytes);
    const temp = new TempFiles(path.join(dir, 'tmp'), TELEGRAM_TEMP_PREFIX);
    const got = await fetcher().fetch({ fileId: file.file_id, fileSize: file.file_size }, temp, signal);
    expect(got.equals(bytes)).toBe(true);
    expect(fake.downloads).toEqual(['documents/file_0.bin']);
    const names = readdirSync(path.join(dir, 'tmp'));
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^tg-[0-9a-f-]{36}\.part$/);
    await temp.removeAll();
    expect(readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('refuses a declared size over the cap without calling getFile', async () => {
    const file = fake.addFile(Buffer.alloc(10), { declaredSize: 5000 });
    const calls = fake.callsOf('getFile').length;
    const error = await fetcher().fetch({ fileId: file.file_id, fileSize: 5000 }, new TempFiles(dir, TELEGRAM_TEMP_PREFIX), signal).catch((e: unknown) => e);
    expect(isInputRefused(error) && error.code).toBe('too-large');
    expect(fake.callsOf('getFile')).toHaveLength(calls);
  });

  it('reads the absolute file_path a --local Bot API server returns from disk, under the same cap', async () => {
    const local = path.join(dir, 'server-files', 'doc.txt');
    mkdirSync(path.dirname(local), { recursive: true });
    writeFileSync(local, 'local mode bytes');
    const file = fake.addFile(Buffer.from('never served over HTTP'), { absolutePath: local, declaredSize: null });
    const downloads = fake.downloads.length;
    const got = await fetcher().fetch({ fileId: file.file_id }, new TempFiles(path.join(dir, 'tmp2'), TELEGRAM_TEMP_PREFIX), signal);
    expect(got.toString()).toBe('local mode bytes');
    expect(fake.downloads).toHaveLength(downloads);
    expect(existsSync(path.join(dir, 'tmp2'))).toBe(false);

    writeFileSync(local, Buffer.alloc(2000));
    const error = await fetcher().fetch({ fileId: file.file_id }, new TempFiles(dir, TELEGRAM_TEMP_PREFIX), signal).catch((e: unknown) => e);
    expect(isInputRefused(error) && error.code).toBe('too-large');
  });

  it('keeps the token out of its errors', async () => {
    const file = fake.addFile(Buffer.from('x'));
    // getFile answers, but the file server is gone: the download itself fails.
    const broken = new TelegramFileFetcher({ api: new Api(fake.token, { apiRoot: fake.apiRoot }), token: fake.token, apiRoot: 'http://127.0.0.1:9', maxBytes: 1000 });
    const error = await broken.fetch({ fileId: file.file_id }, new TempFiles(dir, TELEGRAM_TEMP_PREFIX), signal).catch((e: unknown) => e);
    expect(isStageError(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain(fake.token);
  });
});
