import { describe, expect, it } from 'vitest';
import { isInputRefused } from '../../src/core/errors.js';
import type { AcceptedInput } from '../../src/core/ports.js';
import { DocxExtractor } from '../../src/extract/docx-extractor.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { docxSkeleton, documentXml, makeDocx, makeZip, makeZipBomb } from '../../scripts/fixtures/make-documents.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';

const LIMITS = DEFAULT_INPUT_LIMITS;

async function refusalCode(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  if (!isInputRefused(err)) throw err;
  return err.code;
}

const docxInput = (bytes: Buffer): AcceptedInput => ({ kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes });

describe('DocxExtractor', () => {
  it('returns the words with each paragraph separated by a blank line', async () => {
    const paragraphs = [
      'The Water Cycle',
      'Water evaporates from seas and rivers when the Sun heats it.',
      'The vapour cools, forms clouds, and falls again as rain or snow.',
    ];
    const accepted = await acceptInput(await makeDocx(paragraphs), LIMITS);
    const result = await new DocxExtractor().extract(accepted, { sourceLanguage: 'auto' });
    expect(result).toEqual({ text: paragraphs.join('\n\n'), language: 'en', method: 'docx', warnings: [] });
  });

  it('reads Hindi and Marathi documents, with the hint deciding a shared script', async () => {
    const hindi = ['भारत एक विशाल देश है।', 'हिन्दी यहाँ की प्रमुख भाषा है।'];
    const result = await new DocxExtractor().extract(await acceptInput(await makeDocx(hindi), LIMITS), { sourceLanguage: 'auto' });
    expect(result.text).toBe(hindi.join('\n\n'));
    expect(result.language).toBe('hi');
    const marathi = await new DocxExtractor().extract(await acceptInput(await makeDocx(['पाणी ढगातून येते.']), LIMITS), { sourceLanguage: 'mr' });
    expect(marathi.language).toBe('mr');
  });

  it('refuses a DOCX whose directory understates a part (a lying zip bomb), with memory held flat', async () => {
    // 300 MB of spaces claimed as 2 KB: the central directory passes intake's checks.
    const bomb = makeZipBomb({ inflatedBytes: 300_000_000, claimedBytes: 2_000 });
    const accepted = await acceptInput(bomb, LIMITS);
    expect(accepted.kind).toBe('docx');
    const before = process.memoryUsage().rss;
    expect(await refusalCode(new DocxExtractor().extract(accepted, { sourceLanguage: 'auto' }))).toBe('zip-bomb');
    expect(process.memoryUsage().rss - before).toBeLessThan(80_000_000);
  });

  it('holds all parts together to the uncompressed limit', async () => {
    const docx = await makeDocx(['Some text that is long enough. '.repeat(200)]);
    expect(await refusalCode(new DocxExtractor({ maxUncompressedBytes: 3_000 }).extract(docxInput(docx), { sourceLanguage: 'auto' }))).toBe('zip-bomb');
    expect((await new DocxExtractor({ maxUncompressedBytes: 1_000_000 }).extract(docxInput(docx), { sourceLanguage: 'auto' })).text).toContain('long enough');
  });

  it("refuses a document whose XML is broken as 'corrupt'", async () => {
    const broken = makeZip(docxSkeleton(Buffer.from('<w:document><w:body><w:p>unclosed')));
    expect(await refusalCode(new DocxExtractor().extract(docxInput(broken), { sourceLanguage: 'auto' }))).toBe('corrupt');
  });

  it("refuses a zip that is not a zip as 'corrupt'", async () => {
    expect(await refusalCode(new DocxExtractor().extract(docxInput(Buffer.from('PK\x03\x04 not really')), { sourceLanguage: 'auto' }))).toBe('corrupt');
  });

  it("refuses a document with no words as 'no-text-found'", async () => {
    const empty = makeZip(docxSkeleton(documentXml(['', '   '])));
    expect(await refusalCode(new DocxExtractor().extract(docxInput(empty), { sourceLanguage: 'auto' }))).toBe('no-text-found');
  });
});
