/**
 * Key facts of circulars (issue 18): on the English, Hindi and Tamil circular fixtures, how many
 * of the facts a parent needs the block lists (found / present), how many block lines are not in
 * the source (invented; the goal is 0), and the time the block adds to a reply (finding it and
 * writing it out). Measured on the exact text and again on the text OCR reads from the fixture
 * rendered as a page and photographed (page-photo.ts), as a parent's phone would send it.
 */
import { loadavg } from 'node:os';
import { CIRCULARS, type CircularFixture } from '../fixtures/circulars.js';
import { photoOfText } from '../fixtures/page-photo.js';
import { renderKeyFacts, spokenKeyFacts } from '../../src/core/key-facts.js';
import { PageImageReader } from '../../src/extract/image/page-image-reader.js';
import { TesseractOcrPool } from '../../src/extract/ocr/tesseract-ocr-pool.js';
import { RuleBasedKeyFacts } from '../../src/key-facts/rule-based-key-facts.js';

const RUNS = 20;
const finder = new RuleBasedKeyFacts();
const squash = (t: string) => t.replace(/\s+/gu, ' ').trim();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

interface Score {
  found: number;
  present: number;
  invented: number;
  lines: number;
  ms: number;
}

async function score(circular: CircularFixture, text: string): Promise<Score> {
  const times: number[] = [];
  let block = '';
  let facts: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const found = await finder.find({ text, language: circular.language });
    block = found ? `${renderKeyFacts(found, circular.language)}\n${spokenKeyFacts(found, circular.language)}` : '';
    times.push(performance.now() - t);
    facts = found?.facts.map((f) => f.text) ?? [];
  }
  const source = squash(text);
  return {
    found: circular.facts.filter((f) => block.includes(f)).length,
    present: circular.facts.filter((f) => source.includes(f)).length,
    invented: facts.filter((f) => !source.includes(squash(f))).length,
    lines: facts.length,
    ms: median(times),
  };
}

function line(id: string, s: Score): string {
  return `${id.padEnd(16)} found/present ${String(s.found).padStart(2)}/${String(s.present).padEnd(2)}  invented ${s.invented}  block lines ${String(s.lines).padStart(2)}  block time ${s.ms.toFixed(2)} ms (median of ${RUNS})`;
}

async function main(): Promise<void> {
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other processes share the CPU)`);
  // The first call pays for loading chrono-node and the English tagger; it is reported apart.
  const t0 = performance.now();
  await finder.find({ text: CIRCULARS[0]!.text, language: 'en' });
  console.log(`cold first block: ${(performance.now() - t0).toFixed(0)} ms`);

  console.log('\n-- exact text');
  const totals = { found: 0, present: 0, invented: 0 };
  for (const circular of CIRCULARS) {
    const s = await score(circular, circular.text);
    totals.found += s.found;
    totals.present += s.present;
    totals.invented += s.invented;
    console.log(line(circular.id, s));
  }
  console.log(`all              found/present ${totals.found}/${totals.present}  invented ${totals.invented}`);

  console.log('\n-- OCR of the fixture as a phone photo of the printed page (facts counted as present only when OCR kept them)');
  const pool = new TesseractOcrPool();
  const reader = new PageImageReader({ engine: pool });
  const ocrTotals = { found: 0, present: 0, invented: 0 };
  try {
    for (const circular of CIRCULARS) {
      const photo = await photoOfText(circular.text, { language: circular.language, fontSize: 30 }, { seed: 7 });
      const read = await reader.read(photo.jpeg, { sourceLanguage: circular.language, kind: 'photo' });
      const s = await score(circular, read.text);
      ocrTotals.found += s.found;
      ocrTotals.present += s.present;
      ocrTotals.invented += s.invented;
      console.log(line(circular.id, s));
    }
  } finally {
    await pool.close();
  }
  console.log(`all              found/present ${ocrTotals.found}/${ocrTotals.present}  invented ${ocrTotals.invented}`);
}

await main();
