/**
 * Where a pipeline thread's memory goes: loads the engines of the page-photo path one after the
 * other in this one thread (OpenCV page finding, a tesseract.js worker, the rule-based simplifier,
 * espeak-ng, the libav.js Opus encoder), runs each on a rendered phone photo of an English page,
 * and prints the RSS each adds. The engines stay loaded, as in the service, so the sum is what a
 * pipeline thread holds once it has served one photo. Needs the fonts of page-photo.ts.
 *
 *   node --import tsx scripts/bench/memory-by-engine.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { encodePng, preprocessPage } from '../../src/extract/image/preprocess-page.js';
import { loadOpenCv } from '../../src/extract/image/load-opencv.js';
import { TesseractOcrPool } from '../../src/extract/ocr/tesseract-ocr-pool.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { EspeakSynthesizer } from '../../src/speak/espeak-synthesizer.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { degradeLikePhoto, renderPage, SAMPLE_TEXTS } from '../fixtures/page-photo.js';
const mb = (n: number) => (n / 1e6).toFixed(0).padStart(5);
// The engines' threads and handles would keep the process alive: it ends when the figures are out.
process.on('beforeExit', () => process.exit(0));
let last = process.memoryUsage().rss;
function show(label: string) {
  const m = process.memoryUsage();
  console.log(`${label.padEnd(44)} rss ${mb(m.rss)} (+${mb(m.rss - last)})  heapUsed ${mb(m.heapUsed)}  external ${mb(m.external)}  maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
  last = m.rss;
}
// Rendered in a child process: the renderer loads OpenCV itself, which would hide its cost here.
const photo = process.argv[2] === '--render' ? null : renderInChild();
if (!photo) {
  process.stdout.write((await degradeLikePhoto(renderPage(SAMPLE_TEXTS.en!, { language: 'en' }).png, { seed: 7 })).jpeg.toString('base64'));
  process.exit(0);
}

function renderInChild(): Buffer {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--render'], { maxBuffer: 64 * 2 ** 20, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`rendering the photo failed (${child.status})`);
  return Buffer.from(child.stdout, 'base64');
}
last = process.memoryUsage().rss;
show('start (node, tsx, the modules imported)');
await loadOpenCv();
show('opencv.js loaded');
const pre = await preprocessPage(photo, { maxSide: 2400 });
show('page found + preprocessed (1 job)');
await Promise.all([preprocessPage(photo, { maxSide: 2400 }), preprocessPage(photo, { maxSide: 2400 })]);
show('2 pages preprocessed at once (JOB_CONCURRENCY 2)');
const png = await encodePng(pre.image);
show('page PNG encoded');
const ocr = new TesseractOcrPool({ size: 1, cacheDir: '/tmp/shikshasetu-tessdata' });
const r = await ocr.recognize(png, { languages: ['eng'] });
show(`tesseract.js worker + 1 page (${r.text.length} chars)`);
await ocr.recognize(png, { languages: ['eng'] });
show('a 2nd page');
const simp = new RuleBasedSimplifier();
const s = await simp.simplify({ text: r.text, language: 'en', grade: 5 });
show('rule-based simplifier (lexicon, tagger, 1 text)');
new TextValidator().validate({ source: r.text, sourceLanguage: 'en', output: s.text, outputLanguage: 'en', grade: 5, translated: false });
show('validator');
const es = new EspeakSynthesizer({});
const pcm = await es.synthesize({ text: s.text, language: 'en' });
show(`espeak-ng (${(pcm.samples.length / pcm.sampleRate).toFixed(0)} s of speech)`);
const enc = new OggOpusEncoder({});
await enc.encode(pcm);
show('libav.js Opus encoder');
await ocr.close();
await es.dispose();
await enc.dispose();

