import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInputRefused } from '../../src/core/errors.js';
import { dominantScript } from '../../src/core/languages.js';
import type { AcceptedInput } from '../../src/core/ports.js';
import { ImageExtractor } from '../../src/extract/image/image-extractor.js';
import { PageImageReader } from '../../src/extract/image/page-image-reader.js';
import { TesseractOcrPool } from '../../src/extract/ocr/tesseract-ocr-pool.js';
import { characterErrorRate, photoOfText, renderPage, SAMPLE_TEXTS } from '../../scripts/fixtures/page-photo.js';

// Bounds are the worst character error rates measured by scripts/bench/ocr-cer.ts on such photos
// (English 0%, Hindi 1.4%, Tamil 0% on clean pages), with margin for other seeds and machines.
const EN_CER = 0.02;
const HI_CER = 0.05;
const TA_CER = 0.03;

let pool: TesseractOcrPool;
let reader: PageImageReader;

const image = (bytes: Buffer): AcceptedInput => ({ kind: 'image', mime: 'image/jpeg', bytes });

beforeAll(() => {
  pool = new TesseractOcrPool();
  reader = new PageImageReader({ engine: pool });
});

afterAll(async () => {
  await pool.close();
});

describe('reading page photos', () => {
  it('reads an English phone photo of a page, by way of the image extractor', async () => {
    const photo = await photoOfText(SAMPLE_TEXTS.en!, { language: 'en' }, { seed: 31 });
    const result = await new ImageExtractor(reader).extract(image(photo.jpeg), { sourceLanguage: 'auto' });
    expect(result.method).toBe('ocr');
    expect(result.language).toBe('en');
    expect(result.text).toContain('photosynthesis');
    expect(result.text).toContain('chlorophyll');
    // Paragraphs of the page stay paragraphs.
    expect(result.text.split('\n\n').length).toBe(3);
    expect(characterErrorRate(SAMPLE_TEXTS.en!, result.text)).toBeLessThanOrEqual(EN_CER);
  });

  it('reads a Hindi phone photo in Devanagari, choosing hin+eng by itself', async () => {
    const photo = await photoOfText(SAMPLE_TEXTS.hi!, { language: 'hi' }, { seed: 32 });
    const result = await reader.readDetailed(photo.jpeg, { sourceLanguage: 'auto', kind: 'photo' });
    expect(result.ocrLanguages).toEqual(['hin', 'eng']);
    expect(result.language).toBe('hi');
    expect(dominantScript(result.text)).toBe('Devanagari');
    expect(result.text).toContain('प्रकाश संश्लेषण');
    expect(result.text).toContain('पौधे');
    expect(characterErrorRate(SAMPLE_TEXTS.hi!, result.text)).toBeLessThanOrEqual(HI_CER);
  });

  it('picks Tamil for a Tamil page', async () => {
    const page = renderPage(SAMPLE_TEXTS.ta!, { language: 'ta' }).png;
    const result = await reader.readDetailed(page, { sourceLanguage: 'auto', kind: 'rendered-page' });
    expect(result.ocrLanguages).toEqual(['tam', 'eng']);
    expect(result.scriptGuess?.script).toBe('Tamil');
    expect(result.language).toBe('ta');
    expect(characterErrorRate(SAMPLE_TEXTS.ta!, result.text)).toBeLessThanOrEqual(TA_CER);
  });

  it('reads a photo stored sideways with EXIF Orientation=6', async () => {
    const photo = await photoOfText(SAMPLE_TEXTS.en!, { language: 'en' }, { seed: 33, exifOrientation: 6 });
    const result = await reader.readDetailed(photo.jpeg, { sourceLanguage: 'en', kind: 'photo' });
    expect(result.ocrLanguages).toEqual(['eng']);
    expect(result.quarterTurns).toBe(0);
    expect(characterErrorRate(SAMPLE_TEXTS.en!, result.text)).toBeLessThanOrEqual(EN_CER);
  });

  it('refuses a photo of a blank page as no-text-found', async () => {
    const photo = await photoOfText('', { language: 'en' }, { seed: 34 });
    const err = await reader.read(photo.jpeg, { sourceLanguage: 'auto', kind: 'photo' }).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('no-text-found');
  });

  it('refuses a truncated upload as corrupt', async () => {
    const photo = await photoOfText(SAMPLE_TEXTS.en!, { language: 'en' }, { seed: 35 });
    const cut = photo.jpeg.subarray(0, photo.jpeg.length >> 1);
    const err = await new ImageExtractor(reader).extract(image(cut), { sourceLanguage: 'auto' }).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('corrupt');
  });
});
