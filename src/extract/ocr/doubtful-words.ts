/**
 * Which words of a page Tesseract read are worth reading again, and which of two readings to keep.
 *
 * Why: the Indian-script models read ASCII digits badly. On rendered and photographed Hindi
 * circulars the hin model dropped the leading "1" of "15", "12", "10:30", "1869" and "1930", and
 * read a lone "1" as "|" (or "ष"): its word confidence on those words was 0 and the first digit's
 * symbol confidence 14-46, while the English model read the same boxes as "15", "1", "12",
 * "10:30", "1869", "1930" at 96. A line in the script's model also turned a few words into Latin
 * junk ("होगा।" -> "gm", 66) that the script's model alone, on the word's box, read at 91.
 * So number words are read again by a digit-only English reading, and low-confidence or stray
 * Latin words by the script's model alone; the more confident reading wins.
 */
import { countScripts, type Script } from '../../core/languages.js';
import type { OcrWord } from '../../core/ports.js';
import { normalizeDigits } from '../../validate/normalize-digits.js';

/** Below this (0..100) a word is doubtful; a number still below it after its second reading is reported as unsure. */
export const SURE_CONFIDENCE = 80;
/** Below this (0..100) a word in the page's script is read again by the script's model alone. */
export const LOW_CONFIDENCE = 60;
/** What an ASCII number may be made of when it is read again. */
export const ASCII_NUMBER_CHARS = '0123456789.,:/-';

/** Code point of the digit zero of each script that has its own digits. */
const SCRIPT_DIGIT_ZERO: Partial<Record<Script, number>> = {
  Arabic: 0x06f0,
  Devanagari: 0x0966,
  Bengali: 0x09e6,
  Gurmukhi: 0x0a66,
  Gujarati: 0x0ae6,
  Oriya: 0x0b66,
  Tamil: 0x0be6,
  Telugu: 0x0c66,
  Kannada: 0x0ce6,
  Malayalam: 0x0d66,
};

/** The script's own digits 0-9 as a string, or '' for a script without its own. */
export function scriptDigits(script: Script): string {
  const zero = SCRIPT_DIGIT_ZERO[script];
  return zero === undefined ? '' : Array.from({ length: 10 }, (_, i) => String.fromCodePoint(zero + i)).join('');
}

export type DoubtKind =
  /** Holds ASCII digits, or is a lone stroke ("|", "।", "l") read with low confidence: a "1" the script's model lost. */
  | 'ascii-number'
  /** Holds the script's own digits and was read with low confidence. */
  | 'script-number'
  /** Latin letters inside a line of the page's script, or any word read with low confidence. */
  | 'doubtful-word';

const ASCII_DIGIT = /[0-9]/u;
const LONE_STROKE = /^[|।lI![\]]$/u;
const LATIN_LETTER = /\p{Script=Latin}/u;
// What a word read again may hold: letters, marks, joiners and the punctuation that ends a
// sentence or clause. A second reading that adds "!" or brackets has read noise.
// Joiners are allowed outside the class: a class holding them beside letters reads as one glyph to lint.
const WORD_CHARS = /^(?:[\p{L}\p{M}।॥۔.,،؟?]|\u200c|\u200d)+$/u;

/** Digit systems (by zero code point) a text's digits come from. */
export function digitSystems(text: string): Set<number> {
  const systems = new Set<number>();
  for (const ch of text) {
    if (!/\p{Nd}/u.test(ch)) continue;
    const cp = ch.codePointAt(0)!;
    const value = Number(normalizeDigits(ch));
    systems.add(Number.isInteger(value) ? cp - value : cp);
  }
  return systems;
}

/** Lowest symbol confidence of the word, or its own confidence when it has no symbols. */
export function weakestSymbol(word: OcrWord): number {
  const symbols = word.symbols ?? [];
  return symbols.length ? Math.min(...symbols.map((s) => s.confidence)) : word.confidence;
}

/**
 * Why a word on a page in `script` deserves a second reading, or null when it does not. Every
 * word with an ASCII digit is read again on a non-Latin page: a dropped leading "1" sometimes
 * leaves the rest of the number read confidently, and numbers are few on a page.
 */
export function doubtOf(word: OcrWord, script: Script, line: string): DoubtKind | null {
  if (script === 'Latin') return null;
  const text = word.text.trim();
  if (!text) return null;
  if (ASCII_DIGIT.test(text)) return 'ascii-number';
  if (LONE_STROKE.test(text) && word.confidence < SURE_CONFIDENCE) return 'ascii-number';
  const digits = scriptDigits(script);
  if (digits && [...text].some((ch) => digits.includes(ch)) && Math.min(word.confidence, weakestSymbol(word)) < SURE_CONFIDENCE) return 'script-number';
  if (LATIN_LETTER.test(text)) {
    // English words are normal in Indian school text; Latin letters are doubtful only in a line
    // that is mostly the page's script, and only when not read confidently.
    const counts = countScripts(line);
    const own = counts.get(script) ?? 0;
    const latin = counts.get('Latin') ?? 0;
    if (own > latin && word.confidence < SURE_CONFIDENCE) return 'doubtful-word';
    return null;
  }
  return word.confidence < LOW_CONFIDENCE ? 'doubtful-word' : null;
}

/** A well-formed number: digits, with single separators between digit runs. */
export function isWellFormedNumber(text: string, digits = '0123456789'): boolean {
  const d = `[${digits}]`;
  return new RegExp(`^${d}+(?:[.,:/-]${d}+)*[.,]?$`, 'u').test(text);
}

export interface Reading {
  text: string;
  /** 0..100. */
  confidence: number;
  /** A reading of a number box with letters allowed: it may hold the word the number was merged with. */
  mixed?: boolean;
}

/** A word as a reading, its confidence the lower of the word's and its weakest character's. */
export function readingOf(word: OcrWord): Reading {
  return { text: word.text.trim(), confidence: Math.min(word.confidence, weakestSymbol(word)) };
}

/**
 * Picks between the page's reading and a second one: the second wins only when it is well formed
 * for the doubt (a number for a number; letters of the page's script, not Latin, for a word) and
 * more confident than the first.
 */
export function pickReading(kind: DoubtKind, page: Reading, second: Reading | null, script: Script): Reading {
  if (!second || !second.text.trim()) return page;
  const text = second.text.trim();
  if (kind === 'ascii-number' && second.mixed) {
    // Words of the script with one well-formed number among them, read surely.
    const parts = text.split(/\s+/u);
    const numbers = parts.filter((p) => /[0-9]/u.test(p));
    if (numbers.length !== 1 || !isWellFormedNumber(numbers[0]!.replace(/[.,]$/u, '')) || LATIN_LETTER.test(text)) return page;
    if (second.confidence < SURE_CONFIDENCE) return page;
  } else if (kind === 'ascii-number') {
    // A currency sign the script's model read stays in front of the digits.
    const body = text.replace(/^\p{Sc}/u, '');
    if (!isWellFormedNumber(body)) return page;
    // Digits read unsurely may have read a letter as a digit ("1 बजे" -> "179"): not taken.
    if (second.confidence < SURE_CONFIDENCE) return page;
  } else if (kind === 'script-number') {
    if (!isWellFormedNumber(text, scriptDigits(script))) return page;
  } else {
    const counts = countScripts(text);
    if (LATIN_LETTER.test(text) || (counts.get(script) ?? 0) === 0 || !WORD_CHARS.test(text)) return page;
    if (second.confidence < page.confidence + 10) return page;
  }
  return second.confidence > page.confidence ? { text, confidence: second.confidence } : page;
}
