import { LANGUAGES, type Script } from '../core/languages.js';
import { chunkText } from '../text/chunk-text.js';
import { readabilityStats } from '../text/readability.js';
import { clamp01, type TextCheck } from './text-check.js';

/**
 * English is judged by its Flesch-Kincaid grade (FKGL). The ceiling is the target grade + 2, never
 * below 4: FKGL is an estimate with about two grades of noise on a short text, and one long subject
 * word that must stay ("photosynthesis") lifts a 30-word grade-1 text by about a grade, so a ceiling
 * of 3 would fail honest grade-1 and grade-2 simplifications of school material.
 */
export function englishGradeCeiling(grade: number): number {
  return Math.max(4, grade + 2);
}

// Dravidian languages glue case endings and postpositions onto the word, so the same content takes
// about two thirds of the words Hindi needs (a hand count on a few parallel sentences, not kept in
// the repository: Tamil 13 words where Hindi took 25 over 4-5 sentences). The sentence-length
// ceiling scales with that; two thirds is chosen, not fitted.
const AGGLUTINATIVE = new Set(['ta', 'te', 'kn', 'ml']);

/**
 * Mean letters per word of plain children's text in each script, in grapheme clusters (an akshara,
 * a consonant cluster with its vowel sign, counts once; Tamil writes the dead consonant with a
 * visible pulli and Urdu writes each letter apart, so they run longer). Chosen from hand counts on
 * short simple-reader passages written when this check was made; the passages are not in the
 * repository, so no script reproduces the figures. Complex textbook prose in the same scripts ran
 * 25-35% longer in those counts (Hindi 1.9 -> 2.6, Tamil 4.2 -> 4.9, Urdu 3.5 -> 4.0, Bengali
 * 2.5 -> 3.2).
 */
const PLAIN_LETTERS_PER_WORD: Partial<Record<Script, number>> = {
  Devanagari: 2.0,
  Bengali: 2.5,
  Gurmukhi: 2.1,
  Gujarati: 2.2,
  Oriya: 2.5,
  Tamil: 4.2,
  Telugu: 2.6,
  Kannada: 2.9,
  Malayalam: 3.1,
  Arabic: 3.5,
};

export interface ReadingCeilings {
  wordsPerSentence: number;
  lettersPerWord: number;
}

/**
 * Ceilings for languages other than English. Words per sentence follows the sentence lengths of
 * Fry's readability graph (about 9-10 words at grade 1, 15-16 at grade 5, 26 at grade 12):
 * 8 + 1.5 x grade for Indo-Aryan languages, two thirds of that (5 + 1 x grade) for the
 * agglutinative Dravidian ones. Letters per word may exceed the plain-text figure of the script by
 * 23% at grade 1 rising to 56% at grade 12: transliterated names and loanwords are long (a plain
 * grade-5 Hindi passage naming "यूनिवर्सिटी कॉलेज" and "प्रधानमंत्री" counted 2.52, a quarter
 * above plain), so this is a coarse guard against dense vocabulary at the lowest grades and the
 * sentence length does most of the judging. Both must hold.
 */
export function readingCeilings(language: string, grade: number): ReadingCeilings | null {
  const info = LANGUAGES.get(language);
  const plain = info ? PLAIN_LETTERS_PER_WORD[info.script] : undefined;
  if (!info || plain === undefined) return null;
  const wordsPerSentence = AGGLUTINATIVE.has(language) ? 5 + grade : 8 + 1.5 * grade;
  return { wordsPerSentence, lettersPerWord: plain * (1.2 + 0.03 * grade) };
}

interface Totals {
  sentences: number;
  words: number;
  syllables: number;
  letters: number;
}

/**
 * Readability counts summed over pieces of the text: segmenting one long string costs quadratic
 * time (see chunkText), pieces keep it linear. A sentence cut at a piece boundary (only where
 * 2000 characters hold no sentence end) counts twice, which errs towards easier.
 */
function totals(text: string, language: string): Totals {
  const sum: Totals = { sentences: 0, words: 0, syllables: 0, letters: 0 };
  for (const chunk of chunkText(text)) {
    const stats = readabilityStats(chunk, language);
    sum.sentences += stats.sentences;
    sum.words += stats.words;
    sum.syllables += stats.syllables;
    sum.letters += stats.lettersPerWord * stats.words;
  }
  return sum;
}

/** Flesch-Kincaid grade level: 0.39 (words/sentences) + 11.8 (syllables/words) - 15.59. */
function fleschKincaid(t: Totals): number {
  return 0.39 * (t.words / Math.max(1, t.sentences)) + 11.8 * (t.syllables / t.words) - 15.59;
}

function normalGrade(grade: number): number {
  return Number.isFinite(grade) ? Math.min(12, Math.max(1, Math.round(grade))) : 5;
}

/** The output reads at or below a ceiling that depends on the target grade. */
export const checkReadingLevel: TextCheck = (request) => {
  const grade = normalGrade(request.grade);
  // Links, e-mail addresses and handles are copied, not read: they would count as long words.
  const output = (request.output ?? '').replace(/\S+@\S+\.\S+|https?:\/\/\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)+\/\S*|(?<!\w)@\w+/gu, ' ');
  if (request.outputLanguage === 'en') {
    const ceiling = englishGradeCeiling(grade);
    const counts = totals(output, 'en');
    if (counts.words === 0) return { name: 'reading-level', passed: true, score: 1, detail: 'no words to judge' };
    const fkgl = fleschKincaid(counts);
    const excess = fkgl - ceiling;
    return {
      name: 'reading-level',
      passed: excess <= 0,
      // Each grade above the ceiling costs a sixth of the score.
      score: excess <= 0 ? 1 : clamp01(1 - excess / 6),
      detail: `FKGL ${fkgl.toFixed(1)} vs ceiling ${ceiling} for grade ${grade}`,
    };
  }
  const ceilings = readingCeilings(request.outputLanguage, grade);
  if (!ceilings) {
    return { name: 'reading-level', passed: true, score: 1, detail: `no reading-level rule for language ${JSON.stringify(String(request.outputLanguage).slice(0, 8))}` };
  }
  const counts = totals(output, request.outputLanguage);
  if (counts.words === 0) return { name: 'reading-level', passed: true, score: 1, detail: 'no words to judge' };
  const stats = { wordsPerSentence: counts.words / Math.max(1, counts.sentences), lettersPerWord: counts.letters / counts.words };
  const wpsScore = Math.min(1, ceilings.wordsPerSentence / stats.wordsPerSentence);
  const lpwScore = Math.min(1, ceilings.lettersPerWord / stats.lettersPerWord);
  const passed = stats.wordsPerSentence <= ceilings.wordsPerSentence && stats.lettersPerWord <= ceilings.lettersPerWord;
  return {
    name: 'reading-level',
    passed,
    score: clamp01(Math.min(wpsScore, lpwScore)),
    detail:
      `words/sentence ${stats.wordsPerSentence.toFixed(1)} (ceiling ${ceilings.wordsPerSentence.toFixed(1)}), ` +
      `letters/word ${stats.lettersPerWord.toFixed(2)} (ceiling ${ceilings.lettersPerWord.toFixed(2)}) for grade ${grade}`,
  };
};
