import { LANGUAGES } from '../../src/core/languages.js';
import { normalizeDigits } from '../../src/validate/normalize-digits.js';

/** What a teacher asked for in words: "grade 6 hindi", "class 4 ta", "कक्षा 6 हिंदी". */
export interface RequestOptions {
  grade?: number;
  language?: string;
  /** The text after the options, with its line breaks kept. */
  rest: string;
}

export interface ParseOptionsSettings {
  /**
   * Slash command syntax `/simplify [grade] [language] [text]`: a bare number 1-12 in first place
   * is the grade. Defaults to false (a mention's leading "6" could start a sentence).
   */
  positional?: boolean;
}

const GRADE_WORDS = new Set(['grade', 'class', 'std', 'standard', 'kaksha', 'कक्षा', 'वर्ग', 'ক্লাস', 'শ্রেণী', 'வகுப்பு', 'తరగతి', 'ತರಗತಿ', 'ക്ലാസ്', 'इयत्ता', 'ધોરણ', 'ਜਮਾਤ', 'جماعت']);
const FILLERS = new Set(['in', 'into', 'to', 'for', 'language', 'lang', 'and']);
/** "हिंदी में" ("in Hindi"): the postposition after a language name belongs to the option. */
const POSTPOSITIONS = new Set(['में', 'me', 'mein']);

/** Names a teacher might type for each language, besides its code and the names in LANGUAGES. */
const EXTRA_NAMES: Record<string, string[]> = {
  hi: ['हिंदी'],
  bn: ['bangla'],
  or: ['oriya', 'ଓଡିଆ'],
  pa: ['panjabi', 'ਪਂਜਾਬੀ'],
  as: ['asamiya', 'অসমীয়া'],
};

const LANGUAGE_BY_NAME: ReadonlyMap<string, string> = (() => {
  const names = new Map<string, string>();
  for (const info of LANGUAGES.values()) {
    names.set(info.englishName.toLowerCase(), info.code);
    names.set(info.nativeName.toLowerCase(), info.code);
    for (const extra of EXTRA_NAMES[info.code] ?? []) names.set(extra.toLowerCase(), info.code);
  }
  return names;
})();

interface Token {
  word: string;
  start: number;
  end: number;
}

function gradeFrom(text: string): number | undefined {
  const n = Number(normalizeDigits(text));
  return Number.isInteger(n) && n >= 1 && n <= 12 ? n : undefined;
}

/** "6th", "6वीं", "12th" -> 6, 6, 12. */
function ordinalGrade(word: string): number | undefined {
  const match = /^(\p{Nd}{1,2})(st|nd|rd|th|वीं|वी|वां|वा)$/u.exec(normalizeDigits(word));
  return match ? gradeFrom(match[1]!) : undefined;
}

/** "grade6", "class-4", "कक्षा6" written as one word. */
function joinedGrade(word: string): number | undefined {
  const match = /^(\p{L}+)[-:]?(\p{Nd}{1,2})$/u.exec(word);
  return match && GRADE_WORDS.has(match[1]!.toLowerCase()) ? gradeFrom(match[2]!) : undefined;
}

function languageFrom(word: string, allowBareCode: boolean): string | undefined {
  const lower = word.toLowerCase();
  const named = LANGUAGE_BY_NAME.get(lower);
  if (named && lower.length > 2) return named;
  // Two-letter codes are also English words ("as", "or", "hi", "to"): only trust one that follows
  // another option or ends the text, as in "class 4 ta".
  return allowBareCode && LANGUAGES.has(lower) ? lower : undefined;
}

/**
 * Reads grade and language from the start of a request and returns the rest. Stops at the first
 * word that is not an option, so a document's own text is never taken for one. Hand-written:
 * the grammar is a handful of words in thirteen languages, which no option parser knows.
 */
export function parseRequestOptions(text: string, settings: ParseOptionsSettings = {}): RequestOptions {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const word = match[0].replace(/^[("'“]+|[)"'”,.;:!?।]+$/gu, '');
    tokens.push({ word, start: match.index, end: match.index + match[0].length });
  }
  const result: RequestOptions = { rest: text.trim() };
  let i = 0;
  let consumedEnd = 0;
  let sawOption = false;
  const take = (count: number) => {
    consumedEnd = tokens[i + count - 1]!.end;
    i += count;
    sawOption = true;
  };

  while (i < tokens.length) {
    const word = tokens[i]!.word;
    const next = tokens[i + 1]?.word;
    const lower = word.toLowerCase();
    const isLast = i === tokens.length - 1;

    if (result.grade === undefined) {
      const grade = joinedGrade(word) ?? ordinalGrade(word);
      if (grade !== undefined) {
        result.grade = grade;
        // "6th grade" / "6th class": the keyword belongs to the option.
        take(next !== undefined && GRADE_WORDS.has(next.toLowerCase()) ? 2 : 1);
        continue;
      }
      if (GRADE_WORDS.has(lower) && next !== undefined && gradeFrom(next) !== undefined) {
        result.grade = gradeFrom(next);
        take(2);
        continue;
      }
      if (settings.positional && i === 0 && gradeFrom(word) !== undefined) {
        result.grade = gradeFrom(word);
        take(1);
        continue;
      }
    }
    if (result.language === undefined) {
      const language = languageFrom(word, sawOption || isLast);
      if (language) {
        result.language = language;
        take(next !== undefined && POSTPOSITIONS.has(next.toLowerCase()) ? 2 : 1);
        continue;
      }
      if (FILLERS.has(lower) && next !== undefined && languageFrom(next, true)) {
        result.language = languageFrom(next, true);
        take(2);
        continue;
      }
    }
    break;
  }
  if (sawOption) result.rest = text.slice(consumedEnd).trim();
  return result;
}
