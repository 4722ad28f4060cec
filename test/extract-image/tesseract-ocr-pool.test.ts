import { mkdtempSync, readlinkSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDisposedError } from '../../src/core/errors.js';
import { ensureTessdataFolder } from '../../src/extract/ocr/tessdata-folder.js';
import { TesseractOcrPool } from '../../src/extract/ocr/tesseract-ocr-pool.js';
import { renderPage } from '../../scripts/fixtures/page-photo.js';

const LINES = 'The river carries water to the sea.\n\nClouds form when the water rises as vapour.';

let cacheDir: string;
let small: Buffer;
let page: Buffer;

beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'tessdata-test-'));
  small = renderPage(LINES, { language: 'en', width: 900, height: 320, margin: 40 }).png;
  page = renderPage(Array.from({ length: 6 }, () => LINES).join('\n\n'), { language: 'en' }).png;
});

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('TesseractOcrPool', () => {
  it('reuses one worker for two jobs, splits paragraphs, and close() ends it', async () => {
    const pool = new TesseractOcrPool({ cacheDir });
    const first = await pool.recognize(small, { languages: ['eng'] });
    const second = await pool.recognize(small, { languages: ['eng'] });
    expect(first.text).toBe('The river carries water to the sea.\n\nClouds form when the water rises as vapour.');
    expect(second.text).toBe(first.text);
    expect(first.confidence).toBeGreaterThan(0.8);
    expect(pool.stats().workerStarts).toBe(1);
    expect(pool.stats().recognitions).toBe(2);
    expect(pool.workerCount).toBe(1);
    // Languages come from the packages on disk, gathered in the cache folder.
    expect(readlinkSync(join(cacheDir, 'eng.traineddata.gz'))).toMatch(/@tesseract\.js-data[/\\]eng[/\\]4\.0\.0_best_int/);
    await pool.close();
    expect(pool.workerCount).toBe(0);
    const err = await pool.recognize(small, { languages: ['eng'] }).catch((e: unknown) => e);
    expect(isDisposedError(err)).toBe(true);
  });

  it('ends a worker aborted mid-recognition and starts a fresh one for the next job', async () => {
    const pool = new TesseractOcrPool({ cacheDir });
    try {
      await pool.recognize(small, { languages: ['eng'] });
      const controller = new AbortController();
      const job = pool.recognize(page, { languages: ['eng'], signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      const err = await job.catch((e: unknown) => e);
      expect((err as Error).name).toBe('AbortError');
      expect(pool.stats().abortedWorkers).toBe(1);
      expect(pool.workerCount).toBe(0);
      const after = await pool.recognize(small, { languages: ['eng'] });
      expect(after.text).toContain('river');
      expect(pool.stats().workerStarts).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('switches a worker to other languages only when a job needs them', async () => {
    const pool = new TesseractOcrPool({ cacheDir });
    try {
      await pool.recognize(small, { languages: ['eng'] });
      await pool.recognize(small, { languages: ['eng'] });
      expect(pool.stats().languageSwitches).toBe(0);
      const mixed = await pool.recognize(small, { languages: ['hin', 'eng'] });
      expect(mixed.text).toContain('river');
      expect(pool.stats().languageSwitches).toBe(1);
      expect(pool.stats().workerStarts).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('accepts only the packaged language codes', async () => {
    const pool = new TesseractOcrPool({ cacheDir });
    await expect(pool.recognize(small, { languages: ['../../etc/passwd'] })).rejects.toThrow(/unsupported OCR language/);
    await expect(pool.recognize(small, { languages: [] })).rejects.toThrow();
    await expect(ensureTessdataFolder(cacheDir, ['xyz'])).rejects.toThrow();
    expect(existsSync(join(cacheDir, 'xyz.traineddata.gz'))).toBe(false);
    await pool.close();
  });
});
