import { WordDecisionCache } from './word-decision-cache.js';
import type { WordNet } from './wordnet.js';

/**
 * Tells the adverbs a young reader can do without from those that carry the claim. Optional: an
 * "-ly" adverb of manner, made from an adjective ("rapidly", "officially": WordNet links it to
 * the adjective it comes from), and the time words that only order events in a story
 * ("eventually", "subsequently", "currently"). Never optional: a word whose meaning is "not" or
 * "without" ("unsuccessfully"), and the hedges and frequencies that limit a claim ("usually",
 * "mostly", "probably": see the dropper's list of limiting words, checked by the caller).
 */

/** Time adverbs that order the story without limiting it. Closed class, listed in full. */
const STORY_TIME = new Set(['eventually', 'subsequently', 'currently', 'presently', 'ultimately', 'finally', 'soon', 'recently', 'later', 'afterwards', 'thereafter']);

/** Time adverbs that say a claim no longer holds: "formerly known as" must keep them. */
const NO_LONGER = new Set(['formerly', 'previously', 'originally', 'once', 'initially', 'earlier']);

const NEGATIVE_DEFINITION = /\b(not|no|without|lack|lacking|fail|failing|un\w+)\b/;

export class DetailAdverbs {
  private readonly optional = new WordDecisionCache((w) => this.decide(w));

  constructor(private readonly wordnet: WordNet) {}

  isOptional(word: string): boolean {
    return this.optional.test(word);
  }

  private decide(w: string): boolean {
    if (NO_LONGER.has(w)) return false;
    if (STORY_TIME.has(w)) return true;
    if (!/^[a-z]{4,}ly$/.test(w)) return false;
    const first = this.wordnet.synsets(w, 'r')[0];
    if (!first || NEGATIVE_DEFINITION.test(first.definition)) return false;
    // "illegally", "indirectly", "irregularly": the opposite of an adverb WordNet also knows.
    const prefix = /^(un|in|il|im|ir|dis|non|mis)/.exec(w)?.[0];
    if (prefix && this.wordnet.entry(w.slice(prefix.length), 'r')) return false;
    // "\" is WordNet's pointer from an adverb to the adjective it derives from: a manner adverb.
    return first.pointers.includes('\\');
  }
}
