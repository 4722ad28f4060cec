import { gradeNumber, isGradeWord, joinedGrade, languageByName, languageCode, ordinalGrade, subjectAt } from './option-words.js';

/** What a request asked for in words before its text: "grade 6 hindi", "class 4 ta", "कक्षा 6 विज्ञान हिंदी". */
export interface LeadingOptions {
  grade?: number;
  language?: string;
  /** The school subject ("science"), as the tier router names it. */
  subject?: string;
  /** The text after the options, with its line breaks kept. */
  rest: string;
}

export interface LeadingOptionsSettings {
  /**
   * Command syntax `/simplify [grade] [language] [text]`: a bare number 1-12 in first place is the
   * grade. Defaults to false (a mention's leading "6" could start a sentence).
   */
  positional?: boolean;
  /** Internal: no look-ahead for a subject that opens the text. */
  noLookahead?: boolean;
}

const FILLERS = new Set(['in', 'into', 'to', 'for', 'language', 'lang', 'and']);
/** "हिंदी में" ("in Hindi"): the postposition after a language name belongs to the option. */
const POSTPOSITIONS = new Set(['में', 'me', 'mein']);

interface Token {
  word: string;
  end: number;
}

function languageFrom(word: string, allowBareCode: boolean): string | undefined {
  // Two-letter codes are also English words ("as", "or", "hi", "to"): only trust one that follows
  // another option or ends the text, as in "class 4 ta".
  return languageByName(word) ?? (allowBareCode ? languageCode(word) : undefined);
}

function optionFollows(rest: string): boolean {
  const next = parseLeadingOptions(rest, { noLookahead: true });
  return next.grade !== undefined || next.language !== undefined;
}

/**
 * Reads grade, language and subject from the start of a request (a mention, a slash command, a message
 * with text after the options) and returns the rest. Stops at the first word that is not an
 * option, so a document's own text is never taken for one. Hand-written: the grammar is a
 * handful of words in thirteen languages, which no option parser knows.
 */
export function parseLeadingOptions(text: string, settings: LeadingOptionsSettings = {}): LeadingOptions {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const word = match[0].replace(/^[("'“]+|[)"'”,.;:!?।]+$/gu, '');
    tokens.push({ word, end: match.index + match[0].length });
  }
  const result: LeadingOptions = { rest: text.trim() };
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
    const isLast = i === tokens.length - 1;

    if (result.grade === undefined) {
      const grade = joinedGrade(word) ?? ordinalGrade(word);
      if (grade !== undefined) {
        result.grade = grade;
        // "6th grade" / "6th class": the keyword belongs to the option.
        take(next !== undefined && isGradeWord(next) ? 2 : 1);
        continue;
      }
      if (isGradeWord(word) && next !== undefined && gradeNumber(next) !== undefined) {
        result.grade = gradeNumber(next);
        take(2);
        continue;
      }
      if (settings.positional && i === 0 && gradeNumber(word) !== undefined) {
        result.grade = gradeNumber(word);
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
      if (FILLERS.has(word.toLowerCase()) && next !== undefined && languageFrom(next, true)) {
        result.language = languageFrom(next, true);
        take(2);
        continue;
      }
    }
    if (result.subject === undefined) {
      const words = tokens.map((t) => t.word);
      const subject = subjectAt(words, i);
      // A subject word may also open the text itself ("Science is ..."): it counts only next to
      // another option, before or after it ("grade 7 science", "science grade 7").
      if (subject && (sawOption || (!settings.noLookahead && optionFollows(text.slice(tokens[i + subject.length - 1]!.end))))) {
        result.subject = subject.subject;
        take(subject.length);
        continue;
      }
    }
    break;
  }
  if (sawOption) result.rest = text.slice(consumedEnd).trim();
  return result;
}
