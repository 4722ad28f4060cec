import { chunkText } from '../text/chunk-text.js';
import { splitParagraphs, splitSentences } from '../text/sentences.js';

export interface SpeechPiece {
  text: string;
  /** True when the piece ends a sentence (a longer pause follows) rather than a clause. */
  endsSentence: boolean;
}

const CLAUSE_BREAK = /(?<=[,;:،؛、—–])\s+/u;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Greedily joins parts (with a space) into chunks of at most maxChars. */
function pack(parts: string[], maxChars: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current && current.length + 1 + part.length > maxChars) {
      chunks.push(current);
      current = part;
    } else {
      current = current ? `${current} ${part}` : part;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** A word longer than maxChars (no spaces to split at) is cut at grapheme boundaries. */
function cutWord(word: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of graphemes.segment(word)) {
    if (current.length + segment.length > maxChars && current) {
      pieces.push(current);
      current = '';
    }
    current += segment;
  }
  if (current) pieces.push(current);
  return pieces;
}

function splitLong(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const clauses = pack(sentence.split(CLAUSE_BREAK), maxChars);
  return clauses.flatMap((clause) => {
    if (clause.length <= maxChars) return [clause];
    const words = clause.split(/\s+/u).flatMap((w) => (w.length > maxChars ? cutWord(w, maxChars) : [w]));
    return pack(words, maxChars);
  });
}

/**
 * Cuts text into the pieces the speech engine reads one at a time: sentences, and a sentence
 * longer than maxChars at its clause marks, then at spaces. Nothing is dropped: the pieces, joined
 * with spaces, hold every word of the text.
 */
export function splitForSpeech(text: string, language: string, maxChars: number): SpeechPiece[] {
  const pieces: SpeechPiece[] = [];
  for (const paragraph of splitParagraphs(text)) {
    // Pieces of a paragraph, because sentence segmentation is quadratic in the string's length.
    for (const sentence of chunkText(paragraph).flatMap((chunk) => splitSentences(chunk, language))) {
      const parts = splitLong(sentence, maxChars);
      parts.forEach((part, i) => pieces.push({ text: part, endsSentence: i === parts.length - 1 }));
    }
  }
  return pieces;
}
