import type { DetailOptions } from './detail-dropper.js';

/**
 * How hard the rule-based simplifier works for a reader of a given school grade: younger readers
 * get shorter sentences, more common words and fewer side remarks. One place for every knob, so
 * that the benchmark tunes them here and nowhere else.
 */
export interface SimplificationPolicy {
  grade: number;
  /** Sentences with more words than this are split at clause boundaries. */
  maxSentenceWords: number;
  /** Neither side of a split may have fewer words than this. */
  minClauseWords: number;
  /** Words less common than this SUBTLEX rank are replaced by a more common synonym. */
  rareWordRank: number;
  /** Drop adverbs that only add emphasis ("also", "very", "particularly"). */
  dropEmptyAdverbs: boolean;
  /** Drop linking words that open a sentence ("Moreover,", "In addition,"). */
  dropOpeningConnectives: boolean;
  /** Move a short opening phrase behind the clause, so the sentence starts with its subject. */
  subjectFirst: boolean;
  /** Which kinds of optional detail (side remarks without a number, name or negation) are left out. */
  dropDetail: DetailOptions;
  /** Keep bracketed asides that hold a number (years, dates), other than unit conversions. */
  keepNumericAsides: boolean;
  /** Give ", which/who ..." clauses a sentence of their own even in short sentences (see ClauseSplitOptions). */
  splitDescribingClauses: boolean;
}

export const MIN_GRADE = 1;
export const MAX_GRADE = 12;

/** The policy for a grade; grades outside 1-12 are clamped, fractional ones rounded. */
export function gradePolicy(grade: number): SimplificationPolicy {
  const g = Number.isFinite(grade) ? Math.min(MAX_GRADE, Math.max(MIN_GRADE, Math.round(grade))) : 5;
  return {
    grade: g,
    // Grade 1 aims at sentences of about 10 words, grade 12 lets 28 stand.
    maxSentenceWords: Math.round(8 + g * 1.7),
    minClauseWords: g <= 4 ? 3 : 4,
    // Grade 1 gets synonyms for words outside the 1,500 most common; each grade up knows 30% more.
    rareWordRank: Math.round(1500 * Math.pow(1.3, g - 1)),
    dropEmptyAdverbs: g <= 10,
    dropOpeningConnectives: g <= 9,
    subjectFirst: g <= 6,
    keepNumericAsides: true,
    // A describing clause states a fact ("which absorbs energy from sunlight"): young readers get
    // it as its own short sentence, never dropped. Only asides (examples, hedges, brackets) go.
    splitDescribingClauses: g <= 3,
    dropDetail: {
      relativeClauses: false,
      appositives: g <= 3,
      trailingPhrases: g <= 3,
      openingPhrases: g <= 3,
      adverbs: g <= 3,
      modifiers: g <= 3,
    },
  };
}
