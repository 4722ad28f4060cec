import { splitForSpeech } from './split-for-speech.js';

export interface SpeechPrefix {
  /** The part of the text that is read aloud. */
  text: string;
  /** True when the text was longer than the limit and its end is not read. */
  truncated: boolean;
}

/**
 * The longest start of the text, of at most maxChars characters, that ends at a sentence end
 * (or, when not even the first sentence fits, at a clause or word boundary): what a voice note
 * with a length limit reads. Never cuts inside a word. Callers use `truncated` to tell the reader.
 */
export function speechPrefix(text: string, language: string, maxChars: number): SpeechPrefix {
  if (text.length <= maxChars) return { text, truncated: false };
  const pieces = splitForSpeech(text, language, Math.max(1, Math.min(400, Math.floor(maxChars))));
  let used = 0;
  let fits = 0;
  let lastSentenceEnd = 0;
  for (const [i, piece] of pieces.entries()) {
    used += (i > 0 ? 1 : 0) + piece.text.length;
    if (used > maxChars) break;
    fits = i + 1;
    if (piece.endsSentence) lastSentenceEnd = i + 1;
  }
  const count = lastSentenceEnd > 0 ? lastSentenceEnd : fits;
  return { text: pieces.slice(0, count).map((p) => p.text).join(' '), truncated: count < pieces.length };
}
