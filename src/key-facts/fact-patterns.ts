import type { KeyFact } from '../core/key-facts.js';

/**
 * What each language's finder gives back for one sentence: its facts, and whether the sentence
 * speaks to the reader (an instruction or request), which, with a date or time, marks a notice.
 */
export interface SentenceFacts {
  facts: KeyFact[];
  instruction: boolean;
}

export interface LanguageFactPatterns {
  /** Words that only notices use: "circular", "सूचना", "அறிவிப்பு". */
  noticeWords: RegExp;
  sentence(sentence: string): SentenceFacts;
}

/** A digit in any script (the source's own digits are kept as written). */
export const DIGIT = '\\p{Nd}';

/** A whole number as written, with thousands commas: "150", "1,500", "१५०". */
export const NUMBER = '\\p{Nd}(?:[\\p{Nd},]*\\p{Nd})?';

/** Amounts of money with a currency mark before or a word after, as the source writes them. */
export function amountPattern(before: string[], after: string[]): RegExp {
  const number = `${NUMBER}(?:\\.${DIGIT}+)?`;
  const pre = before.map(escape).join('|');
  const post = after.map(escape).join('|');
  return new RegExp(`(?:(?:${pre})\\s?${number}(?:\\s?/-)?|${number}\\s?(?:${post}))`, 'giu');
}

export function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Every match of the pattern in the text, as it is written there. */
export function allMatches(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))].map((m) => (m[1] ?? m[0]).trim());
}
