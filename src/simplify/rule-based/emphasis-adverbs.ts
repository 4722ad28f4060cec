import { WordDecisionCache } from './word-decision-cache.js';
import type { WordNet } from './wordnet.js';

/**
 * Tells adverbs that only add emphasis or "and also" ("particularly", "highly", "also") from
 * adverbs that carry meaning ("irregularly", "previously", "unsuccessfully"), by the definition of
 * the adverb's most frequent sense in WordNet: "to a high degree or extent", "used as an
 * intensifier", "in addition". Dropping the first kind keeps what the sentence claims.
 */
const EMPHASIS_DEFINITION =
  /\b(great|high|considerable|extraordinary|large|greater|marked|remarkable|notable|very)\b[^;]*\b(degree|extent)\b|used as (an )?intensi|\bintensifier|^(especially|in particular|in addition)\b/;

// Emphasis words without "-ly". Others of that shape in WordNet's class ("far", "so", "much",
// "better") also compare or link, so they stay.
const PLAIN_EMPHASIS = new Set(['also', 'very', 'even']);

export class EmphasisAdverbs {
  private readonly emphasis = new WordDecisionCache((w) => this.decide(w));

  constructor(private readonly wordnet: WordNet) {}

  isEmphasis(word: string): boolean {
    return this.emphasis.test(word);
  }

  private decide(w: string): boolean {
    if (!w.endsWith('ly') && !PLAIN_EMPHASIS.has(w)) return false;
    const first = this.wordnet.synsets(w, 'r')[0];
    return first !== undefined && EMPHASIS_DEFINITION.test(first.definition);
  }
}
