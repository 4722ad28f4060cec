/**
 * Per-stage time and peak RSS of the whole embedded-default pipeline, as `shikshasetu process`
 * runs it: a one-page phone photo (text only, and text + voice note), a 10-page text PDF and a
 * DOCX. Each case runs in its own child process on the compiled build (run `npm run build` first)
 * so peak RSS is that case's own; inside it the first run warms up (OCR worker, OpenCV, espeak,
 * libav) and the next runs are measured.
 *
 *   node --import tsx scripts/bench/pipeline.ts [--runs 5]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { photoOfText, SAMPLE_TEXTS } from '../fixtures/page-photo.js';
import { makeDocx, makeTextPdf } from '../fixtures/make-documents.js';

type CaseName = 'photo-text' | 'photo-voice' | 'pdf-10-pages' | 'docx';
const CASES: CaseName[] = ['photo-text', 'photo-voice', 'pdf-10-pages', 'docx'];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function input(name: CaseName): Promise<Buffer> {
  if (name === 'photo-text' || name === 'photo-voice') return (await photoOfText(SAMPLE_TEXTS.en!, { language: 'en' }, { seed: 3 })).jpeg;
  const paragraphs = SAMPLE_TEXTS.en!.split('\n\n');
  if (name === 'docx') return makeDocx(Array.from({ length: 12 }, (_, i) => paragraphs[i % paragraphs.length]!));
  return makeTextPdf(Array.from({ length: 10 }, () => [...paragraphs, ...paragraphs]));
}

async function parent(): Promise<void> {
  const runs = Number(arg('runs', '5'));
  process.stdout.write(`pipeline bench: ${runs} warm runs per case after one warm-up, load average ${loadavg()[0]!.toFixed(1)}\n\n`);
  process.stdout.write('| case | extract | simplify | validate | speak | total (median) | total (max) | peak RSS |\n|---|---|---|---|---|---|---|---|\n');
  const dir = mkdtempSync(join(tmpdir(), 'shikshasetu-bench-'));
  for (const name of CASES) {
    const file = join(dir, name);
    writeFileSync(file, await input(name));
    const audio = name === 'photo-voice' ? '1' : '0';
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('./pipeline-child.mjs', import.meta.url)), file, String(runs), audio], { encoding: 'utf8', maxBuffer: 1e7 });
    const r = JSON.parse(out) as { medians: Record<string, number>; maxTotal: number; peakRssMb: number };
    const m = r.medians;
    process.stdout.write(`| ${name} | ${m.extract} ms | ${m.simplify} ms | ${m.validate} ms | ${m.speak} ms | ${m.total} ms | ${r.maxTotal} ms | ${r.peakRssMb} MB |\n`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write('\nTargets (2-core machine, warm): photo to text median <= 3000 ms; photo to text + voice note <= 5000 ms; peak RSS <= 600 MB.\n');
}

if (!existsSync(fileURLToPath(new URL('../../dist/src/app/compose.js', import.meta.url)))) {
  process.stderr.write('Build first: npm run build (the bench measures the compiled service).\n');
  process.exit(2);
}
await parent();
