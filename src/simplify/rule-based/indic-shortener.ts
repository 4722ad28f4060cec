import { LANGUAGES } from '../../core/languages.js';
import { splitSentences, words } from '../../text/sentences.js';
import { removeParentheticals } from './parenthetical-remover.js';

/**
 * The simplifier for the Indian languages (and Urdu) without a model: it drops bracketed asides
 * and cuts long sentences where the writing itself marks a clause boundary — a semicolon, or a
 * comma followed by a word such as "but" or "and" — ending each new sentence with the language's
 * own full stop (। in Hindi, ۔ in Urdu). It changes no word, so every number and name stays.
 */

export interface IndicShortenOptions {
  /** Sentences with more words than this are cut. */
  maxSentenceWords: number;
  /** Neither side of a cut may have fewer words than this. */
  minClauseWords: number;
  /** Keep bracketed asides that hold a number. Defaults to true. */
  keepNumericAsides?: boolean;
}

type Link = 'keep' | 'drop';

/**
 * Clause-joining words that may follow a comma, per language. 'keep': the word ("but", "so")
 * opens the new sentence; 'drop': the word ("and") only joined the two and goes. Only
 * free-standing words: where a language joins clauses with a suffix, there is nothing to cut at.
 */
const CLAUSE_LINKS: Record<string, Record<string, Link>> = {
  hi: { लेकिन: 'keep', परंतु: 'keep', परन्तु: 'keep', किंतु: 'keep', किन्तु: 'keep', इसलिए: 'keep', और: 'drop', तथा: 'drop' },
  mr: { पण: 'keep', परंतु: 'keep', म्हणून: 'keep', आणि: 'drop' },
  bn: { কিন্তু: 'keep', তাই: 'keep', এবং: 'drop', আর: 'drop' },
  as: { কিন্তু: 'keep', সেয়েহে: 'keep', আৰু: 'drop' },
  ur: { لیکن: 'keep', مگر: 'keep', اور: 'drop' },
  pa: { ਪਰ: 'keep', ਪਰੰਤੂ: 'keep', ਅਤੇ: 'drop' },
  gu: { પરંતુ: 'keep', અને: 'drop' },
  or: { କିନ୍ତୁ: 'keep', ଏବଂ: 'drop' },
  ta: { ஆனால்: 'keep' },
  te: { కానీ: 'keep' },
  kn: { ಆದರೆ: 'keep' },
  ml: { എന്നാൽ: 'keep', പക്ഷേ: 'keep' },
};

// "and" also joins nouns in a list ("A, B, and C"): cut there only when both sides are long.
const MIN_WORDS_AROUND_AND = 5;
// Bound the work on one hostile run-on sentence.
const MAX_CUTS = 12;
const MAX_SENTENCE_CHARS = 2000;

interface Cut {
  /** Index in the sentence where the first part ends (after the mark). */
  end: number;
  /** Index where the second part starts. */
  resume: number;
  needsLongSides: boolean;
}

/** Shortens every sentence of one paragraph; returns the paragraph as one line of sentences. */
export function shortenParagraph(paragraph: string, language: string, options: IndicShortenOptions): string {
  const cleaned = removeParentheticals(paragraph, { keepNumericAsides: options.keepNumericAsides ?? true });
  const out: string[] = [];
  for (const sentence of splitSentences(cleaned, language)) out.push(...shortenSentence(sentence, language, options));
  const text = out.join(' ').trim();
  return text.length > 0 ? text : paragraph.trim();
}

export function shortenSentence(sentence: string, language: string, options: IndicShortenOptions): string[] {
  // Cutting costs time in the square of the length: a run-on this long (a flattened table) stays whole.
  if (sentence.length > MAX_SENTENCE_CHARS) return [sentence.trim()];
  const done: string[] = [];
  const queue = [sentence.trim()];
  let cuts = 0;
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (cuts >= MAX_CUTS || words(current).length <= options.maxSentenceWords) {
      done.push(current);
      continue;
    }
    const parts = bestCut(current, language, options);
    if (!parts) {
      done.push(current);
      continue;
    }
    cuts++;
    queue.unshift(...parts);
  }
  return done.filter((s) => s.length > 0);
}

function bestCut(sentence: string, language: string, options: IndicShortenOptions): [string, string] | null {
  const stop = fullStop(language);
  let best: [string, string] | null = null;
  let bestLongest = Infinity;
  for (const cut of cutPoints(sentence, language)) {
    const first = sentence.slice(0, cut.end).replace(/[\s,;،؛]+$/u, '') + stop;
    const second = sentence.slice(cut.resume).trim();
    const min = cut.needsLongSides ? Math.max(MIN_WORDS_AROUND_AND, options.minClauseWords) : options.minClauseWords;
    const a = words(first).length;
    const b = words(second).length;
    if (a < min || b < min) continue;
    if (Math.max(a, b) < bestLongest) {
      best = [first, second];
      bestLongest = Math.max(a, b);
    }
  }
  return best;
}

function* cutPoints(sentence: string, language: string): Generator<Cut> {
  const links = CLAUSE_LINKS[language] ?? {};
  // Latin ; and , and their Arabic-script forms (؛ ،).
  const marks = /[;؛]|[,،]/gu;
  for (const match of sentence.matchAll(marks)) {
    const at = match.index;
    const end = at + match[0].length;
    if (/[;؛]/u.test(match[0])) {
      yield { end, resume: end, needsLongSides: false };
      continue;
    }
    const after = sentence.slice(end).trimStart();
    const next = after.match(/^[\p{L}\p{M}]+/u)?.[0];
    const link = next ? links[next] : undefined;
    if (!next || !link) continue;
    const wordStart = sentence.length - after.length;
    yield link === 'keep'
      ? { end, resume: wordStart, needsLongSides: false }
      : { end, resume: wordStart + next.length, needsLongSides: true };
  }
}

/** The mark that ends a sentence in the language: its own (।, ۔) where it has one, else ".". */
export function fullStop(language: string): string {
  return LANGUAGES.get(language)?.sentenceEnders[0] ?? '.';
}
