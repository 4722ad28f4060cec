import type { Token } from './tokens.js';

/**
 * Words that flip or limit what a sentence claims. Dropping or swapping one changes the meaning,
 * so the simplifier never touches them. A closed grammatical class, listed in full.
 */
const NEGATORS = new Set([
  'not', "n't", 'no', 'never', 'none', 'nobody', 'nothing', 'nowhere', 'neither', 'nor', 'without', 'cannot',
  'hardly', 'scarcely', 'barely', 'rarely', 'seldom', 'only', 'except', 'unless', 'nearly', 'almost', 'lack', 'lacks',
  'lacked', 'lacking', 'fail', 'fails', 'failed', 'deny', 'denied', 'denies', 'refuse', 'refused', 'refuses',
]);

const NAME_TAGS = ['ProperNoun', 'Person', 'Place', 'Organization', 'Acronym', 'Abbreviation'];
const NUMBER_TAGS = ['Value', 'Cardinal', 'Ordinal', 'NumericValue', 'Money', 'Percent', 'Fraction', 'Date', 'Year', 'Unit'];

export function isNegation(token: Token): boolean {
  return token.tags.has('Negative') || NEGATORS.has(token.normal) || token.implicit === 'not' || /n't$/i.test(token.text);
}

export function isNumberLike(token: Token): boolean {
  return /\p{N}/u.test(token.text) || NUMBER_TAGS.some((t) => token.tags.has(t));
}

/** Proper nouns, acronyms and capitalised words inside a sentence. */
export function isNameLike(token: Token, sentenceInitial: boolean): boolean {
  if (NAME_TAGS.some((t) => token.tags.has(t))) return true;
  if (/^\p{Lu}{2,}/u.test(token.text)) return true;
  if (/\p{Lu}/u.test(token.text.slice(1))) return true;
  return !sentenceInitial && /^\p{Lu}/u.test(token.text);
}

/** True when the simplifier must leave the token exactly as written. */
export function isProtected(token: Token, sentenceInitial = false): boolean {
  return isNegation(token) || isNumberLike(token) || isNameLike(token, sentenceInitial);
}
