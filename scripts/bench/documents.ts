/**
 * Time and peak memory to take in and extract documents: a 10-page text PDF (English and Hindi),
 * a DOCX of about ten pages, and one scanned A4 page drawn for OCR (the reader is a stub, so the
 * figure is pdf.js drawing plus PNG encoding, not OCR). Each case runs in its own process so its
 * peak RSS is its own.
 *
 *   node --import tsx scripts/bench/documents.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputLimits, TextExtractor } from '../../src/core/ports.js';
import { DEFAULT_INPUT_LIMITS } from '../fixtures/default-limits.js';

const LIMITS: InputLimits = DEFAULT_INPUT_LIMITS;

const ENGLISH =
  'Plants make their own food by a process called photosynthesis. They take in carbon dioxide from the air and water from the soil, and with the energy of sunlight they turn these into sugar and oxygen. The oxygen goes back into the air, where animals and people breathe it in.';
const HINDI = 'भारत एक बड़ा देश है। यहाँ अनेक भाषाएँ बोली जाती हैं। पानी बादल से आता है। सूरज की गरमी से पानी भाप बनता है और बादल बनते हैं।';
const RUNS = 5;

interface CaseResult {
  name: string;
  bytes: number;
  chars: number;
  acceptMs: number[];
  extractMs: number[];
  rssAfterImportMb: number;
  peakRssMb: number;
}

async function runCase(name: string, file: string): Promise<CaseResult> {
  const { acceptInput } = await import('../../src/intake/accept-input.js');
  const { PdfExtractor } = await import('../../src/extract/pdf/pdf-extractor.js');
  const { DocxExtractor } = await import('../../src/extract/docx-extractor.js');
  const bytes = readFileSync(file);
  const extractors: TextExtractor[] = [
    new PdfExtractor({ reader: { read: async () => ({ text: '', language: 'und', confidence: 0 }) } }),
    new DocxExtractor(),
  ];
  const rssAfterImportMb = process.memoryUsage().rss / 1e6;
  const acceptMs: number[] = [];
  const extractMs: number[] = [];
  let chars = 0;
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const input = await acceptInput(bytes, LIMITS);
    acceptMs.push(performance.now() - t);
    t = performance.now();
    const extractor = extractors.find((e) => e.kinds.includes(input.kind))!;
    const result = await extractor.extract(input, { sourceLanguage: 'auto' }).catch((err: unknown) => {
      // The scan case's stub reader finds no text; the drawing is what is timed.
      if ((err as { code?: string }).code === 'no-text-found') return { text: '' };
      throw err;
    });
    extractMs.push(performance.now() - t);
    chars = result.text.length;
  }
  return { name, bytes: bytes.length, chars, acceptMs, extractMs, rssAfterImportMb, peakRssMb: process.resourceUsage().maxRSS / 1e3 };
}

async function main(): Promise<void> {
  const [, , caseName, file] = process.argv;
  if (caseName && file) {
    process.stdout.write(JSON.stringify(await runCase(caseName, file)));
    return;
  }
  const { makeDocx, makePageImage, makeScannedPdf, makeTextPdf } = await import('../fixtures/make-documents.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-documents-'));
  try {
    const cases: [string, Buffer][] = [
      ['pdf, 10 text pages (en)', await makeTextPdf(Array.from({ length: 10 }, () => [ENGLISH, ENGLISH, ENGLISH, ENGLISH]))],
      ['pdf, 10 text pages (hi)', await makeTextPdf(Array.from({ length: 10 }, () => [HINDI, HINDI, HINDI, HINDI]), { font: 'devanagari' })],
      ['docx, ~10 pages (en)', await makeDocx(Array.from({ length: 40 }, () => ENGLISH))],
      ['pdf, 1 scanned A4 page drawn at 200 dpi', await makeScannedPdf([await makePageImage(['The water cycle', ENGLISH.slice(0, 50)])])],
    ];
    const self = fileURLToPath(import.meta.url);
    console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}); ${RUNS} runs each, first run is cold`);
    console.log('case | file KB | chars | accept ms (cold / warm median) | extract ms (cold / warm median) | RSS after imports MB | peak RSS MB');
    for (const [name, bytes] of cases) {
      const file = path.join(dir, `${cases.findIndex(([n]) => n === name)}.bin`);
      writeFileSync(file, bytes);
      const out = execFileSync(process.execPath, ['--import', 'tsx', self, name, file], { encoding: 'utf8' });
      const r = JSON.parse(out) as CaseResult;
      const median = (xs: number[]) => [...xs.slice(1)].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
      console.log(
        [
          r.name,
          (r.bytes / 1e3).toFixed(0),
          r.chars,
          `${r.acceptMs[0]!.toFixed(0)} / ${median(r.acceptMs).toFixed(0)}`,
          `${r.extractMs[0]!.toFixed(0)} / ${median(r.extractMs).toFixed(0)}`,
          r.rssAfterImportMb.toFixed(0),
          r.peakRssMb.toFixed(0),
        ].join(' | '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
