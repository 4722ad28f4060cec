import { describe, expect, it } from 'vitest';
import { isInputRefused } from '../../src/core/errors.js';
import type { TextExtractor } from '../../src/core/ports.js';
import { DocxExtractor } from '../../src/extract/docx-extractor.js';
import { PdfExtractor } from '../../src/extract/pdf/pdf-extractor.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { makeDocx, makePageImage, makeScannedPdf, makeTextPdf } from '../../scripts/fixtures/make-documents.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';

const LIMITS = DEFAULT_INPUT_LIMITS;

const extractors: TextExtractor[] = [
  new PdfExtractor({ reader: { read: async () => ({ text: 'read by OCR', language: 'en', confidence: 1 }) }, renderDpi: 40 }),
  new DocxExtractor(),
  new PlainTextExtractor(),
];

/** Takes in and extracts; the only failure allowed is a refusal the user can be told about. */
async function outcome(bytes: Buffer): Promise<string> {
  try {
    const input = await acceptInput(bytes, LIMITS);
    const extractor = extractors.find((e) => e.kinds.includes(input.kind));
    if (extractor) await extractor.extract(input, { sourceLanguage: 'auto' });
    return `accepted ${input.kind}`;
  } catch (err) {
    if (isInputRefused(err)) return `refused ${err.code}`;
    throw err;
  }
}

function damaged(original: Buffer, seed: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 1; i < 12; i++) out.push(original.subarray(0, Math.floor((original.length * i) / 12)));
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 12; i++) {
    const copy = Buffer.from(original);
    for (let k = 0; k < 6; k++) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
    out.push(copy);
  }
  return out;
}

describe('damaged documents are refused or read, never crash', () => {
  it('cut and bit-flipped PDFs (text and scanned)', async () => {
    const text = await makeTextPdf([['Page one about rivers.'], ['Page two about mountains.']]);
    const scan = await makeScannedPdf([await makePageImage(['Rivers'], { width: 300, height: 420 })]);
    const outcomes = new Set<string>();
    for (const bytes of [...damaged(text, 7), ...damaged(scan, 11)]) outcomes.add(await outcome(bytes));
    // Cutting a PDF in half must at least sometimes be noticed as damage.
    expect(outcomes).toContain('refused corrupt');
  });

  it('cut and bit-flipped DOCX files', async () => {
    const docx = await makeDocx(['Rivers flow to the sea.', 'Mountains are high.']);
    const outcomes = new Set<string>();
    for (const bytes of damaged(docx, 3)) outcomes.add(await outcome(bytes));
    expect(outcomes).toContain('refused corrupt');
  });
});
