import { LANGUAGES } from '../../src/core/languages.js';
import { normalizeDigits } from '../../src/validate/normalize-digits.js';

/**
 * The words people write next to a page or a request to set its options, in the languages the
 * service speaks: grade words, language names, and what turns a token into a grade. Shared by
 * the caption parser (a whole caption is options) and the leading-options parser (options, then
 * the text), so every platform understands the same words.
 */

/** Words that introduce a grade ("grade 5", "कक्षा 5", "5th std"). */
const GRADE_WORDS: ReadonlySet<string> = new Set(
  [
    'grade', 'class', 'std', 'standard', 'gr', 'cls', 'kaksha', 'kaksa',
    'कक्षा', 'क्लास', 'श्रेणी', 'वर्ग', 'इयत्ता', 'ক্লাস', 'শ্রেণী', 'শ্ৰেণী', 'வகுப்பு', 'తరగతి', 'ತರಗತಿ', 'ക്ലാസ്', 'ધોરણ', 'ਜਮਾਤ', 'ଶ୍ରେଣୀ', 'جماعت',
  ].map((w) => w.normalize('NFC')),
);

/** Names people write besides the language table's English and native names (spelling variants, names in Hindi). */
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
  pa: ['panjabi', 'ਪੰਜਾਬੀ', 'ਪਂਜਾਬੀ', 'पंजाबी', 'پنجابی'],
  or: ['oriya', 'ଓଡ଼ିଆ', 'ଓଡିଆ', 'ओड़िया', 'ओडिया', 'उड़िया'],
  ur: ['اردو', 'उर्दू'],
  as: ['asamiya', 'অসমীয়া', 'असमिया', 'असमी'],
};

const LANGUAGE_NAMES: ReadonlyMap<string, string> = (() => {
  const names = new Map<string, string>();
  for (const info of LANGUAGES.values()) {
    names.set(key(info.englishName), info.code);
    names.set(key(info.nativeName), info.code);
  }
  for (const [code, aliases] of Object.entries(LANGUAGE_ALIASES)) for (const alias of aliases) names.set(key(alias), code);
  return names;
})();

// Ordinals: "5th", "5वीं" / "5वी" / "5वां" (Hindi), "5ম" (Bengali).
const ORDINAL = /^(\d{1,2})(?:st|nd|rd|th|वीं|वी|वां|वाँ|वा|ম)$/u;
const NUMBER = /^\d{1,2}$/;

function key(word: string): string {
  return word.normalize('NFC').toLowerCase();
}

/** "grade", "Class", "कक्षा", ... */
export function isGradeWord(word: string): boolean {
  return GRADE_WORDS.has(key(word));
}

/** A language's written name ("hindi", "தமிழ்", "bangla") -> its code. Two-letter codes are not names: see languageCode. */
export function languageByName(word: string): string | undefined {
  const lower = key(word);
  return lower.length > 2 ? LANGUAGE_NAMES.get(lower) : undefined;
}

/** A supported two-letter code ("hi", "ta"); callers decide when a code counts, since "as", "or", "hi" are English words too. */
export function languageCode(word: string): string | undefined {
  const lower = key(word);
  return lower.length === 2 && LANGUAGES.has(lower) ? lower : undefined;
}

/** "6", "६" -> 6; a whole number 1-12 only. */
export function gradeNumber(word: string): number | undefined {
  const digits = normalizeDigits(word);
  return NUMBER.test(digits) ? validGrade(Number(digits)) : undefined;
}

/** "6th", "6वीं", "12th" -> 6, 6, 12. */
export function ordinalGrade(word: string): number | undefined {
  const match = ORDINAL.exec(normalizeDigits(key(word)));
  return match ? validGrade(Number(match[1])) : undefined;
}

/** True for "7th"-like tokens, whatever their number (so "15th" is recognised as an ordinal that is not a grade). */
export function isOrdinal(word: string): boolean {
  return ORDINAL.test(normalizeDigits(key(word)));
}

/** "grade6", "class-4", "कक्षा6" written as one word. */
export function joinedGrade(word: string): number | undefined {
  const match = /^(\p{L}[\p{L}\p{M}]*)[-:]?(\p{Nd}{1,2})$/u.exec(word);
  return match && isGradeWord(match[1]!) ? gradeNumber(match[2]!) : undefined;
}

export function validGrade(value: number): number | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 12 ? value : undefined;
}

/**
 * School subjects by the names parents and teachers write, as the router's subject names
 * (ROUTER_TECHNICAL_SUBJECTS lists the technical ones). Language subjects ("hindi", "english")
 * are not here: those words name the reply language.
 */
const SUBJECT_WORDS: Record<string, string[]> = {
  science: ['science', 'sci', 'vigyan', 'vigyaan', 'विज्ञान', 'साइंस', 'বিজ্ঞান', 'அறிவியல்', 'సైన్స్', 'ವಿಜ್ಞಾನ', 'ശാസ്ത്രം', 'વિજ્ઞાન', 'ਵਿਗਿਆਨ', 'ବିଜ୍ଞାନ', 'سائنس'],
  mathematics: ['mathematics', 'maths', 'math', 'ganit', 'गणित', 'গণিত', 'கணிதம்', 'గణితం', 'ಗಣಿತ', 'ഗണിതം', 'ગણિત', 'ਗਣਿਤ', 'ଗଣିତ', 'ریاضی'],
  physics: ['physics', 'भौतिकी'],
  chemistry: ['chemistry', 'रसायन', 'रसायनशास्त्र'],
  biology: ['biology', 'जीवविज्ञान'],
  history: ['history', 'itihas', 'इतिहास', 'ইতিহাস', 'வரலாறு', 'చరిత్ర', 'ಇತಿಹಾಸ', 'ചരിത്രം', 'ઇતિહાસ', 'ਇਤਿਹਾਸ', 'ଇତିହାସ', 'تاریخ'],
  geography: ['geography', 'bhugol', 'भूगोल', 'ভূগোল', 'புவியியல்', 'ಭೂಗೋಳ', 'ભૂગોળ', 'ਭੂਗੋਲ', 'ଭୂଗୋଳ'],
  civics: ['civics', 'नागरिकशास्त्र'],
  economics: ['economics', 'अर्थशास्त्र'],
  'social science': ['sst'],
  'environmental studies': ['evs', 'पर्यावरण'],
  'computer science': ['computer', 'computers', 'कंप्यूटर'],
};

/** Two-word names, tried before the one-word ones ("social science" is not "science"). */
const SUBJECT_PHRASES: Record<string, string[]> = {
  'social science': ['social science', 'social studies', 'सामाजिक विज्ञान'],
  'environmental studies': ['environmental studies', 'environmental science'],
  'computer science': ['computer science'],
  physics: ['भौतिक विज्ञान'],
  chemistry: ['रसायन विज्ञान'],
  biology: ['जीव विज्ञान'],
};

function subjectTable(table: Record<string, string[]>): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const [subject, words] of Object.entries(table)) for (const word of words) names.set(key(word), subject);
  return names;
}

const SUBJECT_NAMES = subjectTable(SUBJECT_WORDS);
const SUBJECT_PHRASE_NAMES = subjectTable(SUBJECT_PHRASES);

/** The subject named at words[i] (one word, or two when they form a phrase), and how many words it took. */
export function subjectAt(words: readonly string[], i: number): { subject: string; length: number } | undefined {
  const word = words[i];
  if (word === undefined) return undefined;
  const next = words[i + 1];
  const phrase = next !== undefined ? SUBJECT_PHRASE_NAMES.get(key(`${word} ${next}`)) : undefined;
  if (phrase) return { subject: phrase, length: 2 };
  const single = SUBJECT_NAMES.get(key(word));
  return single ? { subject: single, length: 1 } : undefined;
}
