// Writes what the rule-based simplifier makes of a fixed set of texts, so that two builds can be
// diffed: a change meant to leave the output alone (a faster or smaller lexicon) must give a
// byte-identical file. The texts: every ASSET sentence (valid and test splits, read from where
// the data set lies, never copied here) simplified line by line, and the text of the repository's
// DOCX and PDF samples, each at grades 1, 5 and 9. Plain JavaScript on the compiled build (dist/).
//
//   npm run build && node scripts/check/simplifier-outputs.mjs OUT-FILE [ASSET-DIR]
//
// ASSET-DIR defaults to ASSET_DIR or /work/shared/benchmarks/asset.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DocxExtractor } from '../../dist/src/extract/docx-extractor.js';
import { PdfExtractor } from '../../dist/src/extract/pdf/pdf-extractor.js';
import { RuleBasedSimplifier } from '../../dist/src/simplify/rule-based/rule-based-simplifier.js';
import { simplifyLines } from '../../dist/src/simplify/rule-based/simplify-lines.js';

const [outFile, assetArg] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: node scripts/check/simplifier-outputs.mjs OUT-FILE [ASSET-DIR]');
  process.exit(2);
}
const assetDir = assetArg ?? process.env.ASSET_DIR ?? '/work/shared/benchmarks/asset';
const samples = new URL('../../samples/', import.meta.url);
const noOcr = { read: () => Promise.reject(new Error('this check reads text layers only')) };
const texts = [
  ['asset.valid', readFileSync(join(assetDir, 'asset.valid.orig'), 'utf8').trimEnd(), 'lines'],
  ['asset.test', readFileSync(join(assetDir, 'asset.test.orig'), 'utf8').trimEnd(), 'lines'],
  ['chapter.docx', (await new DocxExtractor().extract({ kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: readFileSync(new URL('chapter.docx', samples)) }, { sourceLanguage: 'en' })).text, 'document'],
  ['circular.pdf', (await new PdfExtractor({ reader: noOcr }).extract({ kind: 'pdf', mime: 'application/pdf', bytes: readFileSync(new URL('circular.pdf', samples)) }, { sourceLanguage: 'en' })).text, 'document'],
];
const simplifier = new RuleBasedSimplifier();
const out = [];
const started = performance.now();
for (const grade of [1, 5, 9]) {
  for (const [name, text, mode] of texts) {
    const simplified = mode === 'lines' ? (await simplifyLines(text, simplifier, { language: 'en', grade })).lines.join('\n') : (await simplifier.simplify({ text, language: 'en', grade })).text;
    out.push(`=== ${name} grade ${grade} (${text.split('\n').length} input lines)`, simplified);
  }
}
writeFileSync(outFile, `${out.join('\n')}\n`);
const lines = texts.reduce((n, [, text]) => n + text.split('\n').length, 0);
console.log(`${texts.length} texts (${lines} input lines) x 3 grades in ${((performance.now() - started) / 1000).toFixed(1)} s; sha256 ${createHash('sha256').update(readFileSync(outFile)).digest('hex')}`);
