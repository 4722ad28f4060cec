/**
 * Sentence and paragraph splitting for every supported language. ICU's sentence segmenter
 * (Intl.Segmenter) knows the danda (।), the Urdu full stop (۔) and the other scripts' marks; it
 * does not know English abbreviations, so segments that end in one are joined back.
 */

import { chunkText } from './chunk-text.js';

// Abbreviations after which ICU wrongly ends an English sentence. Lower-cased, without the dot.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'no', 'nos', 'vs', 'etc', 'e.g', 'i.e', 'viz', 'approx',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'fig', 'figs', 'eq', 'ch', 'sec', 'vol', 'pp', 'p', 'ed', 'govt', 'dept', 'inc', 'ltd', 'co', 'corp', 'smt', 'shri', 'sri',
]);

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

function endsWithAbbreviation(segment: string): boolean {
  const match = /(?:^|[\s(])([A-Za-z](?:\.[A-Za-z])*|[A-Za-z]+)\.\s*$/.exec(segment);
  if (!match) return false;
  const word = match[1]!;
  // A lone capital is an initial ("J. K. Rowling"); dotted groups are abbreviations ("U.S.").
  return ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/.test(word) || word.includes('.');
}

/** Splits one paragraph into trimmed sentences. */
export function splitSentences(paragraph: string, language = 'en'): string[] {
  // Walk bounded pieces: Intl.Segmenter's time grows with the square of the string's length.
  const segmenter = segmenterFor(language);
  const pieces = chunkText(paragraph).flatMap((chunk) => [...segmenter.segment(chunk)].map((s) => s.segment));
  const sentences: string[] = [];
  for (const piece of pieces) {
    const previous = sentences.at(-1);
    const startsLower = /^\s*[a-z0-9]/.test(piece);
    if (previous !== undefined && (endsWithAbbreviation(previous) || startsLower)) {
      sentences[sentences.length - 1] = previous + piece;
    } else {
      sentences.push(piece);
    }
  }
  return sentences.map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0);
}

/** Splits text into paragraphs at blank lines; single line breaks inside a paragraph become spaces. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/** Word tokens (letters, marks and digits), in any script. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu) ?? [];
}
