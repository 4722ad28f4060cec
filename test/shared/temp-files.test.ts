import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TempFiles } from '../../adapters/shared/temp-files.js';
import { TELEGRAM_TEMP_PREFIX } from '../../adapters/telegram/telegram-job.js';
import { WHATSAPP_TEMP_PREFIX } from '../../adapters/whatsapp/whatsapp-job.js';
import { tempDataDir } from '../telegram/test-runtime.js';

describe('TempFiles: one temp folder, one prefix per adapter', () => {
  it('names files randomly with the adapter\'s prefix and removes them when the job ends', async () => {
    const dir = path.join(tempDataDir(), 'tmp');
    const temp = new TempFiles(dir, WHATSAPP_TEMP_PREFIX);
    const file = await temp.create();
    writeFileSync(file, 'x');
    expect(path.basename(file)).toMatch(/^wa-[0-9a-f-]{36}\.part$/u);
    await temp.removeAll();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sweeps only its own adapter\'s leftovers, and only old ones when other processes share the folder', async () => {
    const dir = path.join(tempDataDir(), 'tmp');
    mkdirSync(dir, { recursive: true });
    const telegram = await new TempFiles(dir, TELEGRAM_TEMP_PREFIX).create();
    const whatsappOld = await new TempFiles(dir, WHATSAPP_TEMP_PREFIX).create();
    const whatsappYoung = await new TempFiles(dir, WHATSAPP_TEMP_PREFIX).create();
    for (const f of [telegram, whatsappOld, whatsappYoung]) writeFileSync(f, 'partial download');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(whatsappOld, hourAgo, hourAgo);

    // Shared DATA_DIR: a young file may be another process's download in progress.
    expect(await TempFiles.sweep(dir, WHATSAPP_TEMP_PREFIX, 60_000)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([path.basename(telegram), path.basename(whatsappYoung)].sort());
    // Alone on DATA_DIR: every WhatsApp leftover goes, Telegram's stays (its download may be running).
    expect(await TempFiles.sweep(dir, WHATSAPP_TEMP_PREFIX)).toBe(1);
    expect(readdirSync(dir)).toEqual([path.basename(telegram)]);
  });

  it('refuses a prefix that could match everything or escape the folder', async () => {
    expect(() => new TempFiles('/tmp', '')).toThrow(/prefix/u);
    expect(() => new TempFiles('/tmp', '../x-')).toThrow(/prefix/u);
    await expect(TempFiles.sweep('/tmp', '')).rejects.toThrow(/prefix/u);
  });
});
