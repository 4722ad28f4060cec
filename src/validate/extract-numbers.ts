import { multiplierOf } from './number-words.js';
import { normalizeDigits } from './normalize-digits.js';

export interface NumberMention {
  /** The number as written, after digit normalisation, e.g. "1,50,000". */
  text: string;
  /**
   * Canonical forms the number may take in another text: its value ("150000", "2.5") and, when a
   * multiplier word follows it, the product ("1.5 lakh" -> also "150000").
   */
  keys: string[];
}

// Digits not glued to a letter before them ("H2O" is a name, not the number 2), with comma groups
// and an optional decimal part.
const NUMBER = /(?<![\p{L}\p{M}\p{N}])(\d+(?:,\d+)*)(?:\.(\d+))?/gu;
const WESTERN_GROUPS = /^\d{1,3}(?:,\d{3})+$/;
const INDIAN_GROUPS = /^\d{1,2}(?:,\d{2})*,\d{3}$/;
const NEXT_WORD = /^\s*([\p{L}\p{M}]+)/u;
const MAX_MENTIONS = 2000;

/** "007" -> "7", "2.50" -> "2.5", "3.0" -> "3". */
export function canonicalNumber(integer: string, fraction = ''): string {
  const int = integer.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** The canonical key of key x factor, or null when it overflows. */
export function scaleNumberKey(key: string, factor: number): string | null {
  const value = Number(key) * factor;
  if (!Number.isFinite(value)) return null;
  // Round away binary noise: 2.3 x 100000 is 229999.99999999997 in floating point.
  return String(Number(value.toFixed(6)));
}

/**
 * Every number written in digits in the text, in any Indian digit system, with Western (150,000)
 * or Indian (1,50,000) thousands grouping and decimals. A comma run that is neither grouping is a
 * list ("1,2,3") and gives one number per item. Capped at 2000 mentions.
 */
export function extractNumbers(text: string): NumberMention[] {
  const normal = normalizeDigits(text);
  const mentions: NumberMention[] = [];
  for (const match of normal.matchAll(NUMBER)) {
    if (mentions.length >= MAX_MENTIONS) break;
    const [whole, integer = '', fraction] = match;
    const grouped = integer.includes(',') && (WESTERN_GROUPS.test(integer) || INDIAN_GROUPS.test(integer));
    const items = !integer.includes(',') || grouped ? [integer.replace(/,/g, '')] : integer.split(',');
    const after = normal.slice((match.index ?? 0) + whole.length, (match.index ?? 0) + whole.length + 40);
    const word = NEXT_WORD.exec(after)?.[1];
    const factor = word === undefined ? undefined : multiplierOf(word);
    items.forEach((item, i) => {
      if (item === '') return;
      const last = i === items.length - 1;
      const key = canonicalNumber(item, last ? fraction : '');
      const keys = [key];
      if (last && factor !== undefined) {
        const product = scaleNumberKey(key, factor);
        if (product !== null && product !== key) keys.push(product);
      }
      const written = items.length === 1 ? whole : last && fraction ? `${item}.${fraction}` : item;
      mentions.push({ text: written, keys });
    });
  }
  return mentions;
}
