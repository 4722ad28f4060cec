import { normalizeDigits } from '../../src/validate/normalize-digits.js';
import { gradeNumber, isGradeWord, isOrdinal, joinedGrade, languageByName, languageCode, ordinalGrade, subjectAt } from './option-words.js';

/** Options a caption (or a command argument) sets for one message. */
export interface CaptionOptions {
  grade?: number;
  /** A supported language code for the reply. */
  language?: string;
  /** The school subject ("science", "mathematics"), as the tier router names it. */
  subject?: string;
}

/** Harmless words around the options ("in", "please", "में"), so "grade 5 in hindi please" counts as all options. */
const FILLER = new Set(['in', 'to', 'into', 'please', 'pls', 'for', 'and', 'language', 'lang', 'me', 'में', 'को', 'और', 'भाषा']);

/** Longest caption read; Telegram allows 1024 characters, WhatsApp 1024 too: the cut keeps hostile input cheap. */
const MAX_CAPTION_CHARS = 2048;
const MAX_TOKENS = 200;

/**
 * Reads the options a parent writes next to a page: "grade 5 tamil", "class 7 hi", "कक्षा 5 हिंदी",
 * "5th std", "grade 7 science hindi", "कक्षा 7 विज्ञान". Anything else in the caption is ignored, wherever the options stand. Two-letter codes
 * ("hi", "ta", but also "as", "or") count only when the whole caption is options, so that an
 * ordinary sentence such as "as simple as possible" sets nothing. Untrusted text only ever becomes
 * a number 1-12 or a code from the language table.
 */
export function parseCaptionOptions(caption: string | undefined): CaptionOptions {
  if (!caption) return {};
  const tokens = (normalizeDigits(caption.slice(0, MAX_CAPTION_CHARS).normalize('NFC')).toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).slice(0, MAX_TOKENS);
  const options: CaptionOptions = {};
  let codeLanguage: string | undefined;
  let unknown = 0;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    if (isGradeWord(token)) {
      const value = next !== undefined ? (gradeNumber(next) ?? ordinalGrade(next)) : undefined;
      if (value !== undefined) {
        options.grade ??= value;
        i++;
      }
      continue;
    }
    const joined = joinedGrade(token);
    if (joined !== undefined) {
      options.grade ??= joined;
      continue;
    }
    if (isOrdinal(token)) {
      const value = ordinalGrade(token);
      if (value !== undefined) options.grade ??= value;
      else unknown++;
      continue;
    }
    if (/^\d+$/.test(token)) {
      // A bare number is a grade only next to a grade word: "5 class". "Chapter 5" sets nothing.
      const value = gradeNumber(token);
      if (value !== undefined && next !== undefined && isGradeWord(next)) {
        options.grade ??= value;
        i++;
      } else if (!(previous !== undefined && isGradeWord(previous))) {
        unknown++;
      }
      continue;
    }
    const subject = subjectAt(tokens, i);
    if (subject) {
      options.subject ??= subject.subject;
      i += subject.length - 1;
      continue;
    }
    const named = languageByName(token);
    if (named) {
      options.language ??= named;
      continue;
    }
    const code = languageCode(token);
    if (code) {
      codeLanguage ??= code;
      continue;
    }
    if (!FILLER.has(token)) unknown++;
  }
  if (options.language === undefined && codeLanguage !== undefined && unknown === 0) options.language = codeLanguage;
  return options;
}
