import { afterAll, describe, expect, it } from 'vitest';
import type { ImageTextReader } from '../../src/core/ports.js';
import { PdfExtractor } from '../../src/extract/pdf/pdf-extractor.js';
import { TesseractOcrPool } from '../../src/extract/ocr/tesseract-ocr-pool.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { makePageImage, makeScannedPdf, makeTextPdf } from '../../scripts/fixtures/make-documents.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';
import { CIRCULAR_TEXTS, numbersIn } from '../../scripts/fixtures/circular-texts.js';
import { photoOfText } from '../../scripts/fixtures/page-photo.js';
import { PageImageReader } from '../../src/extract/image/page-image-reader.js';
import sharp from 'sharp';

const LIMITS = DEFAULT_INPUT_LIMITS;

// Real Tesseract behind the reader port, so the drawn page has to be good enough to read:
// white background, enough resolution, glyphs really drawn (not left blank by a font failure).
const ocr = new TesseractOcrPool({ size: 1 });
const reader: ImageTextReader = {
  async read(image, options) {
    const languages = options.sourceLanguage === 'hi' ? ['hin'] : ['eng'];
    const result = await ocr.recognize(image, { languages, signal: options.signal });
    return { text: result.text, language: options.sourceLanguage === 'auto' ? 'en' : options.sourceLanguage, confidence: result.confidence };
  },
};

afterAll(async () => {
  await ocr.close();
});

describe('PdfExtractor with real OCR', () => {
  it('reads the words of a scanned English page', async () => {
    const scan = await makePageImage(['The water cycle', 'Water evaporates from the sea,', 'forms clouds and falls as rain.'], { fontSize: 40 });
    const accepted = await acceptInput(await makeScannedPdf([scan]), LIMITS);
    const result = await new PdfExtractor({ reader }).extract(accepted, { sourceLanguage: 'en' });
    expect(result.method).toBe('pdf-ocr');
    expect(result.text.toLowerCase()).toMatch(/water cycle/);
    expect(result.text.toLowerCase()).toMatch(/evaporates from the sea/);
    expect(result.text.toLowerCase()).toMatch(/falls as rain/);
  });

  it('reads every number of a scanned Hindi circular through the page reader, whose second reading covers PDF pages too', async () => {
    // A phone-scanned page (tilt, blur, uneven light) placed in a PDF, as scanner apps make them.
    const text = CIRCULAR_TEXTS.hi!;
    const photo = await photoOfText(text, { language: 'hi' }, { seed: 31 * 7919 + 'h'.charCodeAt(0) });
    const pdf = await makeScannedPdf([await sharp(photo.jpeg).png().toBuffer()]);
    const pageReader = new PageImageReader({ engine: ocr });
    const result = await new PdfExtractor({ reader: pageReader }).extract(await acceptInput(pdf, LIMITS), { sourceLanguage: 'hi' });
    expect(result.method).toBe('pdf-ocr');
    expect(numbersIn(result.text)).toEqual(numbersIn(text));
    expect(result.unsureNumbers ?? []).toEqual([]);
  }, 120_000);

  it('reads a Hindi page whose text layer is broken from its drawing instead', async () => {
    const pdf = await makeTextPdf(['भारत एक विशाल देश है। हिन्दी यहाँ की प्रमुख भाषा है। बच्चे विद्यालय में किताबें पढ़ते हैं।'], { font: 'devanagari', fontSize: 18 });
    const result = await new PdfExtractor({ reader }).extract(await acceptInput(pdf, LIMITS), { sourceLanguage: 'hi' });
    expect(result.method).toBe('pdf-ocr');
    // The words the text layer had garbled ("िवशाल", "िहन्दी", "िवद्यालय") come back whole.
    for (const word of ['विशाल', 'हिन्दी', 'विद्यालय', 'किताबें']) expect(result.text).toContain(word);
  });
});
