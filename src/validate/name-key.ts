import { words } from '../text/sentences.js';

/** A word as names are compared: lower case, without a possessive "'s". */
export function nameWord(word: string): string {
  return word.toLowerCase().replace(/['’]s$/u, '');
}

/** The text as a padded run of compared words, so " word word " finds whole-word phrases. */
export function nameKey(text: string): string {
  return ` ${words(text).map(nameWord).join(' ')} `;
}
