import type { Token } from './tokens.js';

/** Spelling-based guess at whether "an" goes before the word; good enough for common words. */
export function startsWithVowelSound(word: string): boolean {
  const w = word.toLowerCase();
  if (/^(hour|honest|honou?r|heir)/.test(w)) return true;
  if (/^(uni|use|usu|uti|eu|ewe|one|once|ur[aeiou])/.test(w)) return false;
  return /^[aeiou]/.test(w);
}

/**
 * The token, corrected to "a" or "an" for the word that now follows it, when it is one of those
 * articles: an edit that replaced or dropped the word after it ("an individual" -> "a single",
 * "an enormous house" -> "a house") must not leave "an house". Any other token comes back as it is.
 */
export function articleBefore(token: Token, word: string): Token {
  if (token.normal !== 'a' && token.normal !== 'an') return token;
  const wanted = startsWithVowelSound(word) ? 'an' : 'a';
  if (token.normal === wanted) return token;
  const text = /^\p{Lu}/u.test(token.text) ? wanted.charAt(0).toUpperCase() + wanted.slice(1) : wanted;
  return { ...token, text, normal: wanted };
}
