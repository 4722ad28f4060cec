/**
 * SARI (Xu et al., 2016) as EASSE's `corpus_sari` computes it by default: each sentence is
 * lower-cased and tokenised with sacreBLEU's 13a tokenizer; n-grams of order 1-4 are counted;
 * add/keep/delete counts are summed over the whole corpus per order; each order gets its own F1
 * (deletion too: EASSE's `use_f1_for_deletion=True`) and the four orders are averaged.
 *
 * Re-implemented here rather than shelled out to Python: the benchmark must run with Node alone.
 */

const NGRAM_ORDER = 4;

/** The three operation scores and their mean, each on a 0-100 scale. */
export interface SariScores {
  sari: number;
  add: number;
  keep: number;
  delete: number;
}

export interface SariOptions {
  /** Lower-case before tokenising, as EASSE does by default. Defaults to true. */
  lowercase?: boolean;
}

// mteval-v13a's language-dependent rules, in sacreBLEU's order. The first class holds the ASCII
// ranges { to ~, [ to `, space to &, ( to +, : to @, and /.
const RULES_13A: Array<[RegExp, string]> = [
  [/([{-~[-` -&(-+:-@/])/g, ' $1 '],
  // period and comma unless preceded by a digit
  [/([^0-9])([.,])/g, '$1 $2 '],
  // period and comma unless followed by a digit
  [/([.,])([^0-9])/g, ' $1 $2'],
  // dash preceded by a digit
  [/([0-9])(-)/g, '$1 $2 '],
];

/** sacreBLEU's `13a` tokenisation of one line, returned as space-joined tokens. */
export function tokenize13a(line: string): string {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  text = ` ${text} `;
  for (const [pattern, replacement] of RULES_13A) text = text.replace(pattern, replacement);
  return text.split(/\s+/).filter((t) => t.length > 0).join(' ');
}

/** EASSE's `normalize`: optional lower-casing, then 13a tokenisation. */
export function normalizeForSari(sentence: string, lowercase = true): string {
  return tokenize13a(lowercase ? sentence.toLowerCase() : sentence);
}

type Counts = Map<string, number>;

/** n-gram counts for orders 1..4 of an already tokenised line. */
export function extractNgrams(line: string): Counts[] {
  const tokens = line.split(/\s+/).filter((t) => t.length > 0);
  const orders: Counts[] = [];
  for (let n = 1; n <= NGRAM_ORDER; n++) {
    const counts: Counts = new Map();
    for (let i = 0; i + n <= tokens.length; i++) {
      const gram = tokens.slice(i, i + n).join(' ');
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    orders.push(counts);
  }
  return orders;
}

/** Summed counts for one operation and one n-gram order. */
interface OperationCounts {
  sysCorrect: number;
  sysTotal: number;
  refTotal: number;
}

/** Corpus-level counts per operation, one entry per n-gram order. */
export interface SariStats {
  add: OperationCounts[];
  keep: OperationCounts[];
  delete: OperationCounts[];
}

function emptyOrders(): OperationCounts[] {
  return Array.from({ length: NGRAM_ORDER }, () => ({ sysCorrect: 0, sysTotal: 0, refTotal: 0 }));
}

/**
 * Adds one sentence's counts to `stats`. Inputs are already normalised. Keep and delete weight
 * every original n-gram by the number of references (so one reference's choice counts 1/R), add
 * counts distinct n-grams only, exactly as EASSE's `compute_ngram_stats`.
 */
export function accumulateSentence(stats: SariStats, orig: string, sys: string, refs: readonly string[]): void {
  const origNgrams = extractNgrams(orig);
  const sysNgrams = extractNgrams(sys);
  const refNgrams: Counts[] = Array.from({ length: NGRAM_ORDER }, () => new Map());
  for (const ref of refs) {
    extractNgrams(ref).forEach((counts, n) => {
      const total = refNgrams[n]!;
      for (const [gram, c] of counts) total.set(gram, (total.get(gram) ?? 0) + c);
    });
  }
  const r = refs.length;
  for (let n = 0; n < NGRAM_ORDER; n++) {
    const o = origNgrams[n]!;
    const s = sysNgrams[n]!;
    const ref = refNgrams[n]!;

    const add = stats.add[n]!;
    for (const gram of s.keys()) {
      if (o.has(gram)) continue;
      add.sysTotal++;
      if (ref.has(gram)) add.sysCorrect++;
    }
    for (const gram of ref.keys()) if (!o.has(gram)) add.refTotal++;

    const keep = stats.keep[n]!;
    const del = stats.delete[n]!;
    for (const [gram, oc] of o) {
      const origW = oc * r;
      const sysW = (s.get(gram) ?? 0) * r;
      const refC = ref.get(gram) ?? 0;
      const keptBySys = Math.min(origW, sysW);
      const keptByRef = Math.min(origW, refC);
      keep.sysTotal += keptBySys;
      keep.refTotal += keptByRef;
      keep.sysCorrect += Math.min(keptBySys, keptByRef);
      const deletedBySys = Math.max(0, origW - sysW);
      const deletedByRef = Math.max(0, origW - refC);
      del.sysTotal += deletedBySys;
      del.refTotal += deletedByRef;
      del.sysCorrect += Math.min(deletedBySys, deletedByRef);
    }
  }
}

function f1(counts: OperationCounts): number {
  const precision = counts.sysTotal > 0 ? counts.sysCorrect / counts.sysTotal : 0;
  const recall = counts.refTotal > 0 ? counts.sysCorrect / counts.refTotal : 0;
  return precision > 0 && recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** EASSE's default ("macro") aggregation: one F1 per n-gram order, averaged over the orders. */
export function scoresFromStats(stats: SariStats): SariScores {
  const mean = (orders: OperationCounts[]) => (100 * orders.reduce((sum, c) => sum + f1(c), 0)) / NGRAM_ORDER;
  const add = mean(stats.add);
  const keep = mean(stats.keep);
  const del = mean(stats.delete);
  return { sari: (add + keep + del) / 3, add, keep, delete: del };
}

/**
 * Corpus SARI of system outputs against references.
 * @param origs the source sentences, one per sample
 * @param outputs the system's sentences, aligned with `origs`
 * @param refSets reference sets, each aligned with `origs` (shape: references x samples)
 */
export function corpusSari(
  origs: readonly string[],
  outputs: readonly string[],
  refSets: ReadonlyArray<readonly string[]>,
  options: SariOptions = {},
): SariScores {
  if (outputs.length !== origs.length) {
    throw new Error(`SARI: ${outputs.length} outputs for ${origs.length} sources`);
  }
  for (const refs of refSets) {
    if (refs.length !== origs.length) throw new Error(`SARI: a reference set has ${refs.length} lines for ${origs.length} sources`);
  }
  const lowercase = options.lowercase ?? true;
  const stats: SariStats = { add: emptyOrders(), keep: emptyOrders(), delete: emptyOrders() };
  for (let i = 0; i < origs.length; i++) {
    accumulateSentence(
      stats,
      normalizeForSari(origs[i]!, lowercase),
      normalizeForSari(outputs[i]!, lowercase),
      refSets.map((refs) => normalizeForSari(refs[i]!, lowercase)),
    );
  }
  return scoresFromStats(stats);
}
