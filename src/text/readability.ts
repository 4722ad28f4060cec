import { syllable } from 'syllable';
import { splitParagraphs, splitSentences, words } from './sentences.js';

export interface ReadabilityStats {
  sentences: number;
  words: number;
  syllables: number;
  /** Mean words per sentence. */
  wordsPerSentence: number;
  /** Mean letters (grapheme clusters) per word. */
  lettersPerWord: number;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

function letterCount(word: string): number {
  // Count grapheme clusters so that an Indic consonant with its vowel sign counts once.
  let n = 0;
  for (const _ of graphemes.segment(word)) n++;
  return n;
}

export function readabilityStats(text: string, language = 'en'): ReadabilityStats {
  const sentences = splitParagraphs(text).flatMap((p) => splitSentences(p, language));
  const tokens = sentences.flatMap((s) => words(s)).filter((w) => /\p{L}/u.test(w));
  const syllables = language === 'en' ? tokens.reduce((sum, w) => sum + Math.max(1, syllable(w)), 0) : 0;
  const letters = tokens.reduce((sum, w) => sum + letterCount(w), 0);
  const sentenceCount = Math.max(1, sentences.length);
  const wordCount = tokens.length;
  return {
    sentences: sentences.length,
    words: wordCount,
    syllables,
    wordsPerSentence: wordCount / sentenceCount,
    lettersPerWord: wordCount === 0 ? 0 : letters / wordCount,
  };
}

/**
 * Flesch-Kincaid grade level of English text: 0.39 (words/sentences) + 11.8 (syllables/words) - 15.59.
 * Returns 0 for text without words.
 */
export function fleschKincaidGrade(text: string): number {
  const stats = readabilityStats(text, 'en');
  if (stats.words === 0) return 0;
  return 0.39 * stats.wordsPerSentence + 11.8 * (stats.syllables / stats.words) - 15.59;
}
