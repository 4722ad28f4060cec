/**
 * `npm run bench:simplify`: SARI (with its add, keep and delete parts) and FKGL of the rule-based
 * simplifier on ASSET, beside the identity baseline (output = input) and, for orientation, one
 * human reference scored against the other nine. The knobs were tuned on the valid split only;
 * the test split is reported.
 *
 *   node --import tsx scripts/bench/simplify-asset.ts [--grade N] [--split valid|test] [--data DIR]
 *                                                     [--ablate] [--curve] [--systems DIR] [--cuts]
 *
 * Every row also says how many of the source's numbers and names the output keeps ("kept"), the
 * part of meaning SARI does not measure, the share of the source's content words (nouns, verbs,
 * adjectives) that survive, and the share of output sentences that are fragments (no main verb).
 *
 * --cuts scores, on the test split, the first-comma cut of comma-cut.ts on top of the rule-based
 * output: what reaching SARI 36 by deletion would cost.
 *
 * --systems DIR scores every file in DIR with one line per test sentence beside the rest: EASSE's
 * published system outputs (easse/resources/data/system_outputs/asset/test in its repository)
 * make a check that this SARI gives the published figures, and show what the systems that pass
 * 36 keep of the source.
 *
 * --ablate scores the system with each step switched off in turn (one row per step: how much it
 * adds); --curve scores every grade. Both are for the valid split, where the tuning is done.
 *
 * The data set is read from ../shared/benchmarks/asset (beside the repository) unless --data or
 * ASSET_DIR points elsewhere; it is never copied into the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EnglishSteps } from '../../src/simplify/rule-based/english-simplifier.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { simplifyLines } from '../../src/simplify/rule-based/simplify-lines.js';
import { fleschKincaidGrade } from '../../src/text/readability.js';
import { cutAfterFirstComma, type CommaCutSparing } from './comma-cut.js';
import { keptFacts } from './kept-facts.js';
import { sentenceQuality } from './sentence-quality.js';
import { corpusSari, type SariScores } from './sari.js';

/**
 * The grade the benchmark simplifies for. ASSET names no grade; every grade was scored on the
 * valid split (--curve) and grade 1, where the most optional detail goes, scored best there
 * (valid SARI: g1 32.1, g2 32.0, g3 31.9, g4 31.2, g5 30.8, g6 30.6, g8 29.7, g10 28.9, g12 27.9).
 */
const DEFAULT_GRADE = 1;

/*
 * Why the rule-based path stays below the SARI 36 (figures on the ASSET test split):
 *   - This SARI reproduces EASSE's published scores to the hundredth on EASSE's own system
 *     outputs (--systems): ACCESS 40.13, DMASS-DCSS 38.67, Dress-LS 36.59, PBMT-R 34.64.
 *   - Every output at 36 or more is a trained model (ACCESS, DMASS-DCSS, SBMT-SARI, Dress,
 *     Dress-LS) or an edit search scored by a language model (RM+EX+LS 36.56, whose outputs turn
 *     "husband" into "wife" and "derive" into "differ"). All of them delete far more (del 45-52
 *     against 29 here); Dress, Dress-LS and RM+EX+LS keep 71-93% of the source's numbers and
 *     77-94% of its names, and the two that keep about 95% (ACCESS, SBMT-SARI) paraphrase with a
 *     trained model or a paraphrase database of millions of rules.
 *   - This path keeps 98.5% of numbers and 97.1% of names at 31.36 (keep 62.99, del 28.75).
 *     On top of it, measured on test (--cuts): cutting each line after its first comma gives
 *     36.35 (keep 56.63), keeping 69.0% of numbers and 73.0% of names; the same cut, unless the
 *     rest holds a number or a negation, 35.19 (names kept 80.9%); unless it holds a number, a
 *     negation or a name, 33.44. In scratch experiments, a cut that also spares lists and never
 *     leaves half a clause gave 31.80, and dropping every describing word (classifying adjectives
 *     such as "tropical storm" or "medical school", superlatives and hedges such as "probably"
 *     included) gave 33.85.
 *   - So the last points need what a model does (paraphrase at scale) or the loss of names and
 *     facts that a parent's circular cannot afford; the rule path takes neither.
 */
const REFERENCES = 10;
const TARGET = { sari: 36, keep: 55 };

/** The steps the ablation switches off, one at a time. */
const ABLATIONS: Array<[string, EnglishSteps]> = [
  ['bracketed asides', { parentheticals: false }],
  ['fused headings', { headings: false }],
  ['emphasis/connective trim', { trim: false }],
  ['relative-clause drop', { detail: { relativeClauses: false } }],
  ['appositive drop', { detail: { appositives: false } }],
  ['trailing-phrase drop', { detail: { trailingPhrases: false } }],
  ['opening-phrase drop', { detail: { openingPhrases: false } }],
  ['adverb/filler drop', { detail: { adverbs: false } }],
  ['describing-word drop', { detail: { modifiers: false } }],
  ['optional "that"/"located"', { wordy: false }],
  ['all detail drops', { detail: { relativeClauses: false, appositives: false, trailingPhrases: false, openingPhrases: false, adverbs: false, modifiers: false } }],
  ['clause splitting', { split: false }],
  ['subject-first reordering', { policy: { subjectFirst: false } }],
  ['plain-language phrases', { phrases: false }],
  ['WordNet synonyms', { substitute: false }],
];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    grade: { type: 'string' },
    split: { type: 'string', multiple: true },
    data: { type: 'string' },
    ablate: { type: 'boolean' },
    curve: { type: 'boolean' },
    systems: { type: 'string' },
    cuts: { type: 'boolean' },
  },
});
const grade = values.grade === undefined ? DEFAULT_GRADE : Number(values.grade);
if (!Number.isInteger(grade) || grade < 1 || grade > 12) {
  console.error(`--grade must be a whole number from 1 to 12, not "${values.grade}"`);
  process.exit(2);
}
const dataDir = resolve(values.data ?? process.env.ASSET_DIR ?? resolve(repoRoot, '../shared/benchmarks/asset'));
const splits = values.split ?? (values.ablate || values.curve ? ['valid'] : ['valid', 'test']);

if (!existsSync(resolve(dataDir, 'asset.test.orig'))) {
  console.error(
    `ASSET not found at ${dataDir}.\n` +
      'The benchmark needs the ASSET files (asset.{valid,test}.orig and asset.{valid,test}.simp.0-9) from\n' +
      'github.com/facebookresearch/asset (dataset/) in ../shared/benchmarks/asset, or a folder given with\n' +
      '--data DIR or ASSET_DIR. They are not part of this repository (licence CC BY-NC 4.0).',
  );
  process.exit(2);
}

function readLines(file: string, dir = dataDir): string[] {
  const lines = readFileSync(resolve(dir, file), 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** FKGL of a corpus: each line is its own paragraph, so that no two lines run together. */
function corpusFkgl(lines: readonly string[]): number {
  return fleschKincaidGrade(lines.join('\n\n'));
}

/** One scored output: SARI and its parts, FKGL, and the numbers and names of the source kept. */
function row(name: string, s: SariScores, fkglIn: number, fkglOut: number, sources: readonly string[], output: readonly string[], extra = ''): string {
  const f = (x: number) => x.toFixed(2).padStart(6);
  const kept = keptFacts(sources, output);
  const quality = sentenceQuality(sources, output);
  return (
    `${name.padEnd(34)} SARI ${f(s.sari)}  add ${f(s.add)}  keep ${f(s.keep)}  del ${f(s.delete)}  FKGL ${fkglIn.toFixed(2)} -> ${fkglOut.toFixed(2)}` +
    `  kept: numbers ${kept.numbers.toFixed(1)}% names ${kept.names.toFixed(1)}% content words ${quality.contentKept.toFixed(1)}%  fragments ${quality.fragments.toFixed(2)}%${extra}`
  );
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const simplifier = new RuleBasedSimplifier();
// Load WordNet, SUBTLEX and the tagger before the clock starts: the figure below is the per-text cost.
const loadWall = performance.now();
const loadCpu = cpuMs();
await simplifier.simplify({ text: 'The committee purchased approximately forty volumes, which were subsequently catalogued.', language: 'en', grade });
console.log(`ASSET at ${dataDir}; grade ${grade}; SARI as EASSE corpus_sari (13a, lower-case, n-grams 1-4, deletion F1)`);
console.log(`lexical resources and tagger loaded in ${(performance.now() - loadWall).toFixed(0)} ms wall, ${(cpuMs() - loadCpu).toFixed(0)} ms CPU\n`);

for (const split of splits) {
  const orig = readLines(`asset.${split}.orig`);
  const refs = Array.from({ length: REFERENCES }, (_, i) => readLines(`asset.${split}.simp.${i}`));
  if (refs.some((r) => r.length !== orig.length)) {
    console.error(`asset.${split}: the reference files do not have ${orig.length} lines each`);
    process.exit(2);
  }
  const fkglIn = corpusFkgl(orig);
  console.log(`${split} split: ${orig.length} sentences, ${REFERENCES} references each${split === 'valid' ? ' (tuned here)' : ' (reported)'}`);

  console.log(row('identity (output = input)', corpusSari(orig, orig, refs), fkglIn, fkglIn, orig, orig));

  const wall = performance.now();
  const cpu = cpuMs();
  const { lines } = await simplifyLines(orig.join('\n'), simplifier, { language: 'en', grade });
  const wallMs = performance.now() - wall;
  const cpuUsed = cpuMs() - cpu;
  if (lines.length !== orig.length) {
    console.error(`line mode gave ${lines.length} lines for ${orig.length}`);
    process.exit(1);
  }
  const scores = corpusSari(orig, lines, refs);
  const fkglOut = corpusFkgl(lines);
  console.log(
    row(`rule-based (grade ${grade})`, scores, fkglIn, fkglOut, orig, lines, `  time ${(wallMs / 1000).toFixed(2)} s wall, ${(cpuUsed / 1000).toFixed(2)} s CPU (${(wallMs / orig.length).toFixed(1)} ms/sentence)`),
  );

  const others = refs.slice(1);
  console.log(row('human reference 0 vs the other 9', corpusSari(orig, refs[0]!, others), fkglIn, corpusFkgl(refs[0]!), orig, refs[0]!));
  if (values.cuts && split === 'test') {
    console.log('what-if: the rule-based output cut after its first comma (comma-cut.ts), unless the rest holds');
    const sparings: Array<[string, CommaCutSparing]> = [['a negation', 'nothing'], ['a number or a negation', 'numbers'], ['a number, a negation or a name', 'numbers-and-names']];
    for (const [label, sparing] of sparings) {
      const cut = lines.map((line) => cutAfterFirstComma(line, sparing));
      console.log(row(`  ...${label}`, corpusSari(orig, cut, refs), fkglIn, corpusFkgl(cut), orig, cut));
    }
  }
  if (values.systems && split === 'test') {
    const dir = resolve(values.systems);
    const files = readdirSync(dir).filter((f) => statSync(resolve(dir, f)).isFile()).sort();
    console.log(`published system outputs in ${dir}:`);
    for (const file of files) {
      const output = readLines(file, dir);
      if (output.length !== orig.length) continue;
      console.log(row(`  ${file}`, corpusSari(orig, output, refs), fkglIn, corpusFkgl(output), orig, output));
    }
  }

  if (values.curve) {
    for (const g of [1, 2, 3, 4, 5, 6, 8, 10, 12]) {
      const out = await simplifyLines(orig.join('\n'), new RuleBasedSimplifier(), { language: 'en', grade: g });
      console.log(row(`  grade ${g}`, corpusSari(orig, out.lines, refs), fkglIn, corpusFkgl(out.lines), orig, out.lines));
    }
  }
  if (values.ablate) {
    console.log(`each step switched off (grade ${grade}); the difference to the full system is what the step adds:`);
    for (const [name, steps] of ABLATIONS) {
      const out = await simplifyLines(orig.join('\n'), new RuleBasedSimplifier({ steps }), { language: 'en', grade });
      const s = corpusSari(orig, out.lines, refs);
      console.log(row(`  without ${name}`, s, fkglIn, corpusFkgl(out.lines), orig, out.lines, `  (step adds ${(scores.sari - s.sari).toFixed(2)} SARI)`));
    }
  }
  if (split === 'test') {
    const met = scores.sari >= TARGET.sari && scores.keep >= TARGET.keep && fkglOut < fkglIn;
    console.log(
      `target (SARI >= ${TARGET.sari}, keep >= ${TARGET.keep}, FKGL below the input's): ${met ? 'met' : 'not met'}` +
        ` (SARI ${scores.sari.toFixed(2)}, keep ${scores.keep.toFixed(2)}, FKGL ${fkglOut.toFixed(2)} vs ${fkglIn.toFixed(2)})`,
    );
  }
  console.log('');
}
