import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isInputRefused } from '../../src/core/errors.js';
import type { AcceptedInput, ImageTextReader } from '../../src/core/ports.js';
import { PdfExtractor } from '../../src/extract/pdf/pdf-extractor.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { makePageImage, makePdf, makeScannedPdf, makeTextPdf } from '../../scripts/fixtures/make-documents.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';

const LIMITS = DEFAULT_INPUT_LIMITS;

const ENGLISH = [
  'Plants make their own food by a process called photosynthesis. They take in carbon dioxide from the air and water from the soil, and with the energy of sunlight they turn these into sugar and oxygen.',
  'The oxygen goes back into the air, where animals and people breathe it in.',
  'Without green plants there would be no food for any animal on Earth, so forests and fields matter to all of us.',
];
// Simple Hindi whose glyphs pdf-lib draws in logical order (no i-matra, conjuncts or reph).
const HINDI = ['भारत एक बड़ा देश है। यहाँ अनेक भाषाएँ बोली जाती हैं।', 'पानी बादल से आता है। सूरज की गरमी से पानी भाप बनता है।'];
// Hindi with i-matras, conjuncts and reph: pdf-lib + fontkit draw these glyphs in visual order,
// so the text layer comes out as "िवशाल", "धमर्", "ज्ञ ान" - the broken layers real Hindi PDFs have.
const HINDI_VISUAL_ORDER = [
  'भारत एक विशाल देश है। हिन्दी यहाँ की प्रमुख भाषा है। बच्चे विद्यालय में किताबें पढ़ते हैं।',
  'धर्म और कर्म की शिक्षा दी जाती है। विज्ञान और गणित भी सिखाए जाते हैं।',
];

/** A reader that must not be called: its use fails the test. */
const NO_OCR: ImageTextReader = {
  read: () => Promise.reject(new Error('OCR was not expected for this PDF')),
};

interface ReadCall {
  png: Buffer;
  width: number;
  height: number;
  kind: string;
  sourceLanguage: string;
}

/** Records what it was given and answers with a known text, like OCR would. */
function recordingReader(answer = 'Text read from the scan.', language = 'en'): ImageTextReader & { calls: ReadCall[] } {
  const calls: ReadCall[] = [];
  return {
    calls,
    async read(image, options) {
      const meta = await sharp(image).metadata();
      calls.push({ png: image, width: meta.width!, height: meta.height!, kind: options.kind, sourceLanguage: options.sourceLanguage });
      expect(meta.format).toBe('png');
      return { text: answer, language, confidence: 0.9 };
    },
  };
}

async function accept(bytes: Buffer): Promise<AcceptedInput> {
  return acceptInput(bytes, LIMITS);
}

/** Mean absolute difference (0..255) of two images scaled to the same small grey thumbnail. */
async function imageDistance(a: Buffer, b: Buffer): Promise<number> {
  const thumb = (img: Buffer) => sharp(img).greyscale().resize(124, 175, { fit: 'fill' }).raw().toBuffer();
  const [x, y] = await Promise.all([thumb(a), thumb(b)]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]! - y[i]!);
  return sum / x.length;
}

describe('PdfExtractor on text PDFs', () => {
  it('returns the real English words as the original paragraphs', async () => {
    const result = await new PdfExtractor({ reader: NO_OCR }).extract(await accept(await makeTextPdf(ENGLISH)), { sourceLanguage: 'auto' });
    expect(result).toEqual({ text: ENGLISH.join('\n\n'), language: 'en', method: 'pdf-text', warnings: [] });
  });

  it('reads a 10-page PDF page by page, in order', async () => {
    const pages = Array.from({ length: 10 }, (_, i) => [`Lesson ${i + 1}: the water cycle.`, ENGLISH[i % 3]!]);
    const result = await new PdfExtractor({ reader: NO_OCR }).extract(await accept(await makeTextPdf(pages)), { sourceLanguage: 'en' });
    expect(result.text).toBe(pages.map((p) => p.join('\n\n')).join('\n\n'));
    expect(result.method).toBe('pdf-text');
  });

  it('returns Hindi text from a PDF set in a Devanagari font, detected as Hindi', async () => {
    const pdf = await makeTextPdf(HINDI, { font: 'devanagari' });
    const result = await new PdfExtractor({ reader: NO_OCR }).extract(await accept(pdf), { sourceLanguage: 'auto' });
    expect(result.text).toBe(HINDI.join('\n\n'));
    expect(result.language).toBe('hi');
    expect(result.method).toBe('pdf-text');
  });

  it('skips blank pages without OCR and without a warning', async () => {
    const pdf = await makePdf([{ paragraphs: [ENGLISH[0]!] }, { paragraphs: [] }, { paragraphs: [ENGLISH[1]!] }]);
    const result = await new PdfExtractor({ reader: NO_OCR }).extract(await accept(pdf), { sourceLanguage: 'auto' });
    expect(result.text).toBe(`${ENGLISH[0]}\n\n${ENGLISH[1]}`);
    expect(result.warnings).toEqual([]);
  });

  it("refuses a PDF with only blank pages as 'no-text-found'", async () => {
    const pdf = await makePdf([{ paragraphs: [] }, { paragraphs: [] }]);
    const err = await new PdfExtractor({ reader: NO_OCR }).extract(await accept(pdf), { sourceLanguage: 'auto' }).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('no-text-found');
  });
});

describe('PdfExtractor on scanned and broken pages', () => {
  let scan: Buffer;
  beforeAll(async () => {
    scan = await makePageImage(['The water cycle', 'Water evaporates from the sea,', 'forms clouds and falls as rain.']);
  });

  it('draws a scanned page at the chosen dpi and hands the reader a PNG of it', async () => {
    const reader = recordingReader();
    const pdf = await makeScannedPdf([scan], { dpi: 150 }); // 1240x1754 px at 150 dpi: an A4 page
    const result = await new PdfExtractor({ reader, renderDpi: 200 }).extract(await accept(pdf), { sourceLanguage: 'en' });
    expect(result).toEqual({ text: 'Text read from the scan.', language: 'en', method: 'pdf-ocr', warnings: ['page 1 OCRed: no text layer'] });
    expect(reader.calls).toHaveLength(1);
    const call = reader.calls[0]!;
    expect(call.kind).toBe('rendered-page');
    expect(call.sourceLanguage).toBe('en');
    // The page is 1240/150 x 1754/150 inches; at 200 dpi that is 1653 x 2338 pixels.
    expect(call.width).toBeCloseTo((1240 / 150) * 200, -1);
    expect(call.height).toBeCloseTo((1754 / 150) * 200, -1);
    // And it is the page's picture, not a blank canvas: close to the scanned image itself.
    expect(await imageDistance(call.png, scan)).toBeLessThan(3);
    expect(await imageDistance(call.png, await makePageImage([]))).toBeGreaterThan(await imageDistance(call.png, scan));
  });

  it('caps the drawing of a huge page by pixel count', async () => {
    const reader = recordingReader();
    const pdf = await makeScannedPdf([scan], { dpi: 15 }); // the same picture declared 10x larger: a 2 m page
    await new PdfExtractor({ reader, renderDpi: 200, maxRenderPixels: 4_000_000 }).extract(await accept(pdf), { sourceLanguage: 'auto' });
    const { width, height } = reader.calls[0]!;
    expect(width * height).toBeLessThanOrEqual(4_000_000);
    expect(width * height).toBeGreaterThan(3_500_000);
  });

  it('OCRs only the scanned page of a mixed PDF and says which page and why', async () => {
    const reader = recordingReader();
    const pdf = await makePdf([{ paragraphs: [ENGLISH[0]!] }, { png: scan }, { paragraphs: [ENGLISH[2]!] }]);
    const result = await new PdfExtractor({ reader }).extract(await accept(pdf), { sourceLanguage: 'auto' });
    expect(result.method).toBe('pdf-mixed');
    expect(result.text).toBe(`${ENGLISH[0]}\n\nText read from the scan.\n\n${ENGLISH[2]}`);
    expect(result.warnings).toEqual(['page 2 OCRed: no text layer']);
    expect(reader.calls).toHaveLength(1);
  });

  it('passes on the numbers OCR was unsure of, each with the page it is on', async () => {
    const unsure = [{ text: '5', confidence: 0.31, context: 'दिवस 5 नवंबर को' }];
    let calls = 0;
    const reader: ImageTextReader = {
      read: async () => ({ text: 'खेल दिवस 5 नवंबर को होगा।', language: 'hi', confidence: 0.8, unsureNumbers: calls++ === 1 ? unsure : [] }),
    };
    const pdf = await makePdf([{ png: scan }, { paragraphs: [ENGLISH[0]!] }, { png: scan }]);
    const result = await new PdfExtractor({ reader }).extract(await accept(pdf), { sourceLanguage: 'hi' });
    expect(result.method).toBe('pdf-mixed');
    expect(result.unsureNumbers).toEqual([{ ...unsure[0], page: 3 }]);
  });

  it('leaves unsureNumbers out when OCR was sure of every number', async () => {
    const pdf = await makeScannedPdf([scan]);
    const result = await new PdfExtractor({ reader: recordingReader() }).extract(await accept(pdf), { sourceLanguage: 'en' });
    expect(result).not.toHaveProperty('unsureNumbers');
  });

  it("treats a scan carrying a scanner app's text stamp as a scan", async () => {
    const reader = recordingReader();
    const pdf = await makePdf([{ png: scan, stamp: 'Scanned with PhoneScanner Pro' }]);
    const result = await new PdfExtractor({ reader }).extract(await accept(pdf), { sourceLanguage: 'auto' });
    expect(result.method).toBe('pdf-ocr');
    expect(result.warnings).toEqual(['page 1 OCRed: page is a scanned image with little text']);
  });

  it('OCRs Hindi pages whose text layer has vowel signs out of order, and reports the language OCR found', async () => {
    const reader = recordingReader('भारत एक विशाल देश है।', 'hi');
    const pdf = await makeTextPdf([[HINDI_VISUAL_ORDER[0]!], [HINDI_VISUAL_ORDER[1]!]], { font: 'devanagari' });
    const result = await new PdfExtractor({ reader }).extract(await accept(pdf), { sourceLanguage: 'hi' });
    expect(result.method).toBe('pdf-ocr');
    expect(result.language).toBe('hi');
    expect(result.warnings).toEqual(['page 1 OCRed: text layer has Indic vowel signs out of order', 'page 2 OCRed: text layer has Indic vowel signs out of order']);
    expect(reader.calls.map((c) => c.sourceLanguage)).toEqual(['hi', 'hi']);
    // The drawn page shows real Devanagari: plenty of dark glyph pixels, not an empty canvas.
    const stats = await sharp(reader.calls[0]!.png).greyscale().stats();
    expect(stats.channels[0]!.min).toBeLessThan(100);
  });

  it('never puts page text into warnings', async () => {
    const reader = recordingReader();
    const pdf = await makeTextPdf([[HINDI_VISUAL_ORDER[0]!], [HINDI[0]!]], { font: 'devanagari' });
    const result = await new PdfExtractor({ reader }).extract(await accept(pdf), { sourceLanguage: 'auto' });
    expect(result.method).toBe('pdf-mixed');
    for (const warning of result.warnings) expect(warning).toMatch(/^page \d+ OCRed: [a-z (),+-.0-9]+$/i);
  });
});

describe('PdfExtractor cancellation', () => {
  it('stops between pages when the signal aborts', async () => {
    const controller = new AbortController();
    let reads = 0;
    const reader: ImageTextReader = {
      async read() {
        reads++;
        controller.abort();
        return { text: 'page', language: 'en', confidence: 1 };
      },
    };
    const page = await makePageImage(['A'], { width: 300, height: 400 });
    const pdf = await makeScannedPdf([page, page, page]);
    const err = await new PdfExtractor({ reader }).extract(await accept(pdf), { sourceLanguage: 'auto', signal: controller.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(reads).toBe(1);
  });

  it('does not start on an already aborted signal', async () => {
    const err = await new PdfExtractor({ reader: NO_OCR })
      .extract(await accept(await makeTextPdf(ENGLISH)), { sourceLanguage: 'auto', signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
  });
});
