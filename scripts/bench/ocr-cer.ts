/**
 * OCR accuracy and cost on pages with known text: character error rate (Levenshtein on
 * whitespace-normalised text) for clean rendered pages and for the same pages degraded like phone
 * photos, per-image time (warm: the pool's worker already started), CPU time, and the process's
 * peak RSS. The pages are made first in a child process, so the peak RSS is the reader's own.
 *
 *   node --import tsx scripts/bench/ocr-cer.ts [--langs en,hi,ta,bn] [--seeds 3] [--max-side 2400]
 *                                               [--glyph 32] [--source auto] [--circulars hi,mr,bn,ta,te,ur] [--circular-source auto] [--no-reread]
 *
 * Wall time depends on what else the machine runs; CPU time (all threads of this process) does
 * not, and on an idle machine wall time is close to it because OCR runs on one thread.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PageImageReader } from '../../src/extract/image/page-image-reader.js';
import { TesseractOcrPool } from '../../src/extract/ocr/tesseract-ocr-pool.js';
import { CIRCULAR_TEXTS, numbersExact, numbersIn } from '../fixtures/circular-texts.js';
import { characterErrorRate, photoOfText, renderPage, SAMPLE_TEXTS } from '../fixtures/page-photo.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const langs = arg('langs', 'en,hi,ta,bn').split(',');
// Circulars full of dates, times, amounts and years (issue 17): numbers exact per script beside CER.
const circulars = arg('circulars', 'hi,mr,bn,ta,te,ur').split(',').filter(Boolean);
// --circular-source auto: read the circulars as a user who named no language (a Marathi page then goes through the hin model).
const circularSource = arg('circular-source', '');
const seeds = Number(arg('seeds', '3'));

interface Case {
  lang: string;
  name: string;
  file: string;
  kind: 'photo' | 'rendered-page';
}

function casesIn(dir: string): Case[] {
  const cases: Case[] = [];
  for (const lang of langs) {
    cases.push({ lang, name: 'clean', file: join(dir, `${lang}-clean.png`), kind: 'rendered-page' });
    for (let seed = 1; seed <= seeds; seed += 1) cases.push({ lang, name: `photo#${seed}`, file: join(dir, `${lang}-photo${seed}.jpg`), kind: 'photo' });
  }
  return cases;
}

async function writeFixtures(dir: string): Promise<void> {
  for (const lang of circulars) {
    const text = CIRCULAR_TEXTS[lang];
    if (!text) throw new Error(`no circular text for ${lang}`);
    for (let seed = 1; seed <= seeds; seed += 1) {
      // Seeds apart from the ones the sample photos use (and from those the number reading was developed on).
      const photo = await photoOfText(text, { language: lang }, { seed: (seed + 100) * 7919 + lang.charCodeAt(0) });
      writeFileSync(join(dir, `${lang}-circular${seed}.jpg`), photo.jpeg);
    }
  }
  for (const lang of langs) {
    const text = SAMPLE_TEXTS[lang];
    if (!text) throw new Error(`no sample text for ${lang}`);
    writeFileSync(join(dir, `${lang}-clean.png`), renderPage(text, { language: lang }).png);
    for (let seed = 1; seed <= seeds; seed += 1) {
      // Every third photo is stored sideways with an EXIF Orientation=6 tag, as phones do.
      const photo = await photoOfText(text, { language: lang }, { seed: seed * 7919 + lang.charCodeAt(0), exifOrientation: seed % 3 === 0 ? 6 : 1 });
      writeFileSync(join(dir, `${lang}-photo${seed}.jpg`), photo.jpeg);
    }
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

async function bench(dir: string): Promise<void> {
  const maxSide = Number(arg('max-side', '2400'));
  const glyph = process.argv.includes('--glyph') ? Number(arg('glyph', '32')) : undefined;
  const source = arg('source', 'auto');
  const pool = new TesseractOcrPool();
  // --no-reread: without the second reading of number and doubtful words (the reader before issue 17).
  const reader = new PageImageReader({ engine: pool, maxSide, targetGlyphHeight: glyph, rereadDoubtfulWords: !process.argv.includes('--no-reread') });
  const wall: number[] = [];
  const cpu: number[] = [];
  let languageRight = 0;
  const cases = casesIn(dir);

  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(1)).join(' ')}; max side ${maxSide}, glyph target ${glyph ?? 'default'}, source ${source}`);
  // The first read pays for compiling OpenCV and starting the worker; it is reported apart.
  const t0 = performance.now();
  await reader.read(readFileSync(cases[0]!.file), { sourceLanguage: source, kind: cases[0]!.kind });
  console.log(`cold first read: ${(performance.now() - t0).toFixed(0)} ms (worker start ${pool.stats().startMs.join(', ')} ms)`);

  const cerByLang = new Map<string, number[]>();
  for (const c of cases) {
    const bytes = readFileSync(c.file);
    const t = performance.now();
    const c0 = process.cpuUsage();
    const r = await reader.readDetailed(bytes, { sourceLanguage: source, kind: c.kind }).catch((err: unknown) => err as Error);
    const ms = performance.now() - t;
    if (r instanceof Error) {
      console.log(`${c.lang.padEnd(3)} ${c.name.padEnd(8)} FAILED: ${r.message}`);
      if (c.kind === 'photo') cerByLang.set(c.lang, [...(cerByLang.get(c.lang) ?? []), 1]);
      continue;
    }
    const cms = cpuMs(c0);
    const cer = characterErrorRate(SAMPLE_TEXTS[c.lang]!, r.text);
    if (c.kind === 'photo') {
      wall.push(ms);
      cpu.push(cms);
      cerByLang.set(c.lang, [...(cerByLang.get(c.lang) ?? []), cer]);
    }
    if (r.language === c.lang) languageRight += 1;
    const steps = Object.entries(r.timings)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const probes = r.scriptGuess ? `, ${r.scriptGuess.tried.length} probe(s)` : '';
    console.log(
      `${c.lang.padEnd(3)} ${c.name.padEnd(8)} CER ${pct(cer).padStart(7)}  lang ${r.language} (${r.ocrLanguages.join('+')}${probes})  conf ${r.confidence.toFixed(2)}  wall ${ms.toFixed(0)} ms  cpu ${cms.toFixed(0)} ms  [${steps}]`,
    );
  }
  console.log(`--- circulars (${circularSource ? `source language ${circularSource}` : 'language named, as a user does'}): numbers exact beside CER`);
  for (const lang of circulars) {
    const text = CIRCULAR_TEXTS[lang]!;
    let exact = 0;
    let total = 0;
    let unsure = 0;
    const cers: number[] = [];
    const missing: string[] = [];
    // Numbers read that the page does not have (a danda or a letter read as a digit).
    let madeUp = 0;
    for (let seed = 1; seed <= seeds; seed += 1) {
      const r = await reader.readDetailed(readFileSync(join(dir, `${lang}-circular${seed}.jpg`)), { sourceLanguage: circularSource || lang, kind: 'photo' }).catch((err: unknown) => err as Error);
      if (r instanceof Error) {
        console.log(`${lang} circular#${seed} FAILED: ${r.message}`);
        continue;
      }
      const n = numbersExact(text, r.text);
      exact += Math.round(n.exact * n.total);
      total += n.total;
      unsure += r.unsureNumbers.length;
      missing.push(...n.missing);
      madeUp += numbersIn(r.text).length - (n.total - n.missing.length);
      cers.push(characterErrorRate(text, r.text));
    }
    const meanCer = cers.reduce((a, b) => a + b, 0) / Math.max(1, cers.length);
    console.log(`${lang}: numbers exact ${total ? ((100 * exact) / total).toFixed(1) : '-'}% (${exact}/${total}), CER ${pct(meanCer)}, unsure numbers reported ${unsure}, made up ${madeUp}${missing.length ? `, not exact: ${missing.join(' ')}` : ''}`);
  }
  const stats = pool.stats();
  await pool.close();
  console.log('---');
  for (const [lang, cers] of cerByLang) {
    console.log(`${lang}: degraded-photo CER mean ${pct(cers.reduce((s, x) => s + x, 0) / cers.length)}, worst ${pct(Math.max(...cers))} over ${cers.length} photos`);
  }
  console.log(`language right: ${languageRight}/${cases.length}`);
  console.log(`photo -> text, warm: wall median ${median(wall).toFixed(0)} ms (max ${Math.max(...wall).toFixed(0)}), cpu median ${median(cpu).toFixed(0)} ms (max ${Math.max(...cpu).toFixed(0)}) over ${wall.length} photos`);
  console.log(`OCR calls: ${stats.recognitions} (incl. script probes), worker starts: ${stats.workerStarts} (${stats.startMs.join(', ')} ms), language switches: ${stats.languageSwitches}`);
  console.log(`peak RSS: ${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB`);
  console.log(`load average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

const fixtureDir = arg('write-fixtures', '');
if (fixtureDir) {
  await writeFixtures(fixtureDir);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'ocr-cer-'));
  try {
    execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), '--write-fixtures', dir], { stdio: 'inherit' });
    await bench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
