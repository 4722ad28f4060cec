/**
 * How many of the source's numbers and names an output still holds, over a whole corpus: the
 * part of meaning SARI does not see (ASSET's writers, and systems tuned on them, drop dates and
 * names freely, and SARI rewards it). A number is a token with a digit; a name is a capitalised
 * token other than a line's first. Matching ignores case, so a system that lower-cases a name
 * still keeps it.
 */

export interface KeptFacts {
  /** Share of the source's numbers found in the output, 0-100. */
  numbers: number;
  /** Share of the source's names found in the output, 0-100. */
  names: number;
}

const words = (line: string) => line.split(/[\s,.;:()"'’“”!?]+/u).filter((w) => w.length > 0);
const numbersOf = (line: string) => words(line).filter((w) => /\p{N}/u.test(w));
const namesOf = (line: string) => words(line).slice(1).filter((w) => /^\p{Lu}/u.test(w));

export function keptFacts(sources: readonly string[], outputs: readonly string[]): KeptFacts {
  const share = (pick: (line: string) => string[]) => {
    let total = 0;
    let kept = 0;
    sources.forEach((source, i) => {
      const have = new Set(words(outputs[i] ?? '').map((w) => w.toLowerCase()));
      for (const w of pick(source)) {
        total++;
        if (have.has(w.toLowerCase())) kept++;
      }
    });
    return total === 0 ? 100 : (100 * kept) / total;
  };
  return { numbers: share(numbersOf), names: share(namesOf) };
}
