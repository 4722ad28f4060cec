import { LANGUAGES } from '../../src/core/languages.js';
import { normalizeDigits } from '../../src/validate/normalize-digits.js';

/** Options a caption (or a command argument) sets for one message. */
export interface CaptionOptions {
  grade?: number;
  /** A supported language code for the reply. */
  language?: string;
}

/** Words that introduce a grade, in the languages parents write captions in. */
const GRADE_WORDS = new Set(
  [
    'grade', 'class', 'std', 'standard', 'gr', 'cls', 'kaksha', 'kaksa',
    'कक्षा', 'क्लास', 'श्रेणी', 'इयत्ता', 'ক্লাস', 'শ্রেণী', 'শ্ৰেণী', 'வகுப்பு', 'తరగతి', 'ತರಗತಿ', 'ക്ലാസ്', 'ધોરણ', 'ਜਮਾਤ', 'ଶ୍ରେଣୀ', 'جماعت',
  ].map((w) => w.normalize('NFC')),
);

/** Names people write besides the table's English and native names (spelling variants, names in Hindi). */
const LANGUAGE_ALIASES: Record<string, string[]> = {
  en: ['अंग्रेज़ी', 'अंग्रेजी', 'इंग्लिश', 'angrezi'],
  hi: ['हिंदी', 'हिन्दी', 'hindee'],
  bn: ['bangla', 'বাংলা', 'बंगाली', 'बांग्ला'],
  ta: ['தமிழ்', 'तमिल'],
  te: ['తెలుగు', 'तेलुगु', 'तेलगु'],
  kn: ['ಕನ್ನಡ', 'कन्नड़', 'कन्नड'],
  ml: ['മലയാളം', 'मलयालम'],
  mr: ['मराठी'],
  gu: ['ગુજરાતી', 'गुजराती'],
  pa: ['panjabi', 'ਪੰਜਾਬੀ', 'पंजाबी', 'پنجابی'],
  or: ['oriya', 'ଓଡ଼ିଆ', 'ଓଡିଆ', 'ओड़िया', 'ओडिया', 'उड़िया'],
  ur: ['اردو', 'उर्दू'],
  as: ['অসমীয়া', 'असमिया', 'असमी'],
};

/** Harmless words around the options ("in", "please", "में"), so "grade 5 in hindi please" counts as all options. */
const FILLER = new Set(['in', 'to', 'into', 'please', 'pls', 'for', 'and', 'language', 'lang', 'me', 'में', 'को', 'और', 'भाषा']);

const LANGUAGE_NAMES: ReadonlyMap<string, string> = (() => {
  const names = new Map<string, string>();
  for (const info of LANGUAGES.values()) {
    names.set(info.englishName.toLowerCase(), info.code);
    names.set(info.nativeName.normalize('NFC').toLowerCase(), info.code);
  }
  for (const [code, aliases] of Object.entries(LANGUAGE_ALIASES)) for (const alias of aliases) names.set(alias.normalize('NFC').toLowerCase(), code);
  return names;
})();

// Ordinals: "5th", "5वीं" / "5वी" / "5वां" (Hindi), "5ম" (Bengali).
const ORDINAL = /^(\d{1,2})(?:st|nd|rd|th|वीं|वी|वां|वाँ|ম|वा)$/u;
const NUMBER = /^\d{1,2}$/;

/**
 * Reads the options a parent writes next to a page: "grade 5 tamil", "class 7 hi", "कक्षा 5 हिंदी",
 * "5th std". Two-letter codes ("hi", "ta", but also "as", "or") count only when the whole caption
 * is options, so that an ordinary sentence such as "as simple as possible" sets nothing.
 * Anything else in the caption is ignored; untrusted text only ever becomes a number 1-12 or a
 * code from the language table.
 */
export function parseCaptionOptions(caption: string | undefined): CaptionOptions {
  if (!caption) return {};
  // A caption is at most 1024 characters on Telegram; the cut keeps hostile input cheap anyway.
  const tokens = (normalizeDigits(caption.slice(0, 2048).normalize('NFC')).toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).slice(0, 200);
  const options: CaptionOptions = {};
  let codeLanguage: string | undefined;
  let unknown = 0;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    const ordinal = ORDINAL.exec(token);
    if (GRADE_WORDS.has(token)) {
      const value = next !== undefined ? gradeNumber(next) : undefined;
      if (value !== undefined) {
        options.grade ??= value;
        i++;
      }
      continue;
    }
    if (ordinal) {
      const value = validGrade(Number(ordinal[1]));
      if (value !== undefined) options.grade ??= value;
      else unknown++;
      continue;
    }
    if (NUMBER.test(token)) {
      // A bare number is a grade only next to a grade word: "5 class". "Chapter 5" sets nothing.
      const value = validGrade(Number(token));
      if (value !== undefined && next !== undefined && GRADE_WORDS.has(next)) {
        options.grade ??= value;
        i++;
      } else if (!(previous !== undefined && GRADE_WORDS.has(previous))) {
        unknown++;
      }
      continue;
    }
    const named = LANGUAGE_NAMES.get(token);
    if (named) {
      options.language ??= named;
      continue;
    }
    if (token.length === 2 && LANGUAGES.has(token)) {
      codeLanguage ??= token;
      continue;
    }
    if (!FILLER.has(token)) unknown++;
  }
  if (options.language === undefined && codeLanguage !== undefined && unknown === 0) options.language = codeLanguage;
  return options;
}

function gradeNumber(token: string): number | undefined {
  const ordinal = ORDINAL.exec(token);
  if (ordinal) return validGrade(Number(ordinal[1]));
  return NUMBER.test(token) ? validGrade(Number(token)) : undefined;
}

function validGrade(value: number): number | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 12 ? value : undefined;
}
