// What each lexical resource of the rule-based simplifier adds to the process: loads them one at a
// time (the WordNet index of each part of speech, synset data, sense counts, SUBTLEX frequencies),
// then simplifies one text, and prints RSS and V8 heapUsed after a full GC at each step. Plain
// JavaScript on the compiled build (dist/): tsx would add its own memory.
//
//   npm run build && node --expose-gc scripts/bench/memory-lexicon.mjs
import { WordNet } from '../../dist/src/simplify/rule-based/wordnet.js';
import { WordFrequency } from '../../dist/src/simplify/rule-based/word-frequency.js';
import { RuleBasedSimplifier } from '../../dist/src/simplify/rule-based/rule-based-simplifier.js';

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const mb = (n) => (n / 1e6).toFixed(1).padStart(6);
let last = measure();
function measure() {
  globalThis.gc();
  return process.memoryUsage();
}
function show(label) {
  const m = measure();
  console.log(`${label.padEnd(48)} rss ${mb(m.rss)} (+${mb(m.rss - last.rss)})  heapUsed ${mb(m.heapUsed)} (+${mb(m.heapUsed - last.heapUsed)})  external ${mb(m.external)}`);
  last = m;
}

show('start (simplifier modules and compromise imported)');
const wordnet = new WordNet();
for (const [pos, word] of [['n', 'dog'], ['v', 'run'], ['a', 'quick'], ['r', 'quickly']]) {
  wordnet.entry(word, pos);
  show(`WordNet index.${pos} (1 look-up)`);
  wordnet.synsets(word, pos);
  show(`WordNet data.${pos} (1 word's synsets)`);
}
wordnet.tagCount('dog', 'n', wordnet.entry('dog', 'n').offsets[0]);
show('WordNet sense counts (index.sense)');
const frequency = new WordFrequency();
frequency.rank('dog');
show('SUBTLEX word frequencies');
const simplifier = new RuleBasedSimplifier({ wordnet, frequency });
const text = [
  'Plants make their own food by a process called photosynthesis. Green leaves contain chlorophyll, which captures the energy of sunlight.',
  'The committee purchased approximately forty volumes, which were subsequently catalogued by the librarians of the institution.',
  'Consequently, the municipality endeavoured to ameliorate the deteriorating infrastructure before the monsoon commenced.',
].join('\n\n');
await simplifier.simplify({ text, language: 'en', grade: 5 });
show('1 text simplified (phrase table, caches)');
console.log(`maxRSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
