import { splitParagraphs, splitSentences } from '../../text/sentences.js';

/** One piece of the text to translate on its own, and whether a paragraph break follows it. */
export interface SourcePiece {
  text: string;
  endsParagraph: boolean;
}

/**
 * Splits a text into the pieces the model translates one by one: paragraphs, sentences (ICU's
 * segmenter knows । and ॥), and any sentence still longer than `maxTokens` subwords cut at
 * clause punctuation, then between words, so no piece passes the model's input length.
 */
export function splitForModel(text: string, language: string, countTokens: (piece: string) => number, maxTokens: number): SourcePiece[] {
  const pieces: SourcePiece[] = [];
  for (const paragraph of splitParagraphs(text)) {
    // ICU does not end a sentence at a double danda followed by text on the same line.
    const sentences = splitSentences(paragraph, language).flatMap((s) => s.split(/(?<=॥)\s+/u));
    const fitted = sentences.flatMap((sentence) => fit(sentence, countTokens, maxTokens));
    fitted.forEach((piece, i) => pieces.push({ text: piece, endsParagraph: i === fitted.length - 1 }));
  }
  return pieces;
}

function fit(sentence: string, countTokens: (piece: string) => number, maxTokens: number): string[] {
  if (countTokens(sentence) <= maxTokens) return [sentence];
  const clauses = sentence.split(/(?<=[,;:])\s+/u);
  if (clauses.length > 1) return packWords(clauses, countTokens, maxTokens);
  const words = sentence.split(/\s+/u);
  if (words.length > 1) return packWords(words, countTokens, maxTokens);
  // One "word" longer than the budget (a run of text without spaces): cut it by characters.
  const chars = [...sentence];
  const half = Math.ceil(chars.length / 2);
  return [...fit(chars.slice(0, half).join(''), countTokens, maxTokens), ...fit(chars.slice(half).join(''), countTokens, maxTokens)];
}

/** Greedily joins parts (clauses or words) into pieces under the budget; a part too long alone is split further. */
function packWords(parts: string[], countTokens: (piece: string) => number, maxTokens: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    const candidate = current ? `${current} ${part}` : part;
    if (countTokens(candidate) <= maxTokens) {
      current = candidate;
      continue;
    }
    if (current) out.push(current);
    if (countTokens(part) <= maxTokens) current = part;
    else {
      out.push(...fit(part, countTokens, maxTokens));
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}
