/**
 * The languages the service speaks, and for each one the writing system it is expected in, the
 * Tesseract traineddata that reads it and the espeak-ng voice that says it. One table, so that OCR,
 * validation and speech cannot disagree about a language.
 */
export type Script =
  | 'Latin'
  | 'Devanagari'
  | 'Bengali'
  | 'Tamil'
  | 'Telugu'
  | 'Kannada'
  | 'Malayalam'
  | 'Gujarati'
  | 'Gurmukhi'
  | 'Oriya'
  | 'Arabic';

export interface LanguageInfo {
  code: string;
  englishName: string;
  nativeName: string;
  script: Script;
  tesseract: string;
  espeakVoice: string;
  /** Sentence-ending marks this language's punctuation uses, besides . ? ! */
  sentenceEnders: string[];
}

const LANGUAGE_LIST: LanguageInfo[] = [
  { code: 'en', englishName: 'English', nativeName: 'English', script: 'Latin', tesseract: 'eng', espeakVoice: 'en-us', sentenceEnders: [] },
  { code: 'hi', englishName: 'Hindi', nativeName: 'हिन्दी', script: 'Devanagari', tesseract: 'hin', espeakVoice: 'hi', sentenceEnders: ['।', '॥'] },
  { code: 'bn', englishName: 'Bengali', nativeName: 'বাংলা', script: 'Bengali', tesseract: 'ben', espeakVoice: 'bn', sentenceEnders: ['।'] },
  { code: 'ta', englishName: 'Tamil', nativeName: 'தமிழ்', script: 'Tamil', tesseract: 'tam', espeakVoice: 'ta', sentenceEnders: [] },
  { code: 'te', englishName: 'Telugu', nativeName: 'తెలుగు', script: 'Telugu', tesseract: 'tel', espeakVoice: 'te', sentenceEnders: [] },
  { code: 'kn', englishName: 'Kannada', nativeName: 'ಕನ್ನಡ', script: 'Kannada', tesseract: 'kan', espeakVoice: 'kn', sentenceEnders: [] },
  { code: 'ml', englishName: 'Malayalam', nativeName: 'മലയാളം', script: 'Malayalam', tesseract: 'mal', espeakVoice: 'ml', sentenceEnders: [] },
  { code: 'mr', englishName: 'Marathi', nativeName: 'मराठी', script: 'Devanagari', tesseract: 'mar', espeakVoice: 'mr', sentenceEnders: ['।'] },
  { code: 'gu', englishName: 'Gujarati', nativeName: 'ગુજરાતી', script: 'Gujarati', tesseract: 'guj', espeakVoice: 'gu', sentenceEnders: ['।'] },
  { code: 'pa', englishName: 'Punjabi', nativeName: 'ਪੰਜਾਬੀ', script: 'Gurmukhi', tesseract: 'pan', espeakVoice: 'pa', sentenceEnders: ['।'] },
  { code: 'or', englishName: 'Odia', nativeName: 'ଓଡ଼ିଆ', script: 'Oriya', tesseract: 'ori', espeakVoice: 'or', sentenceEnders: ['।'] },
  { code: 'ur', englishName: 'Urdu', nativeName: 'اردو', script: 'Arabic', tesseract: 'urd', espeakVoice: 'ur', sentenceEnders: ['۔', '؟'] },
  { code: 'as', englishName: 'Assamese', nativeName: 'অসমীয়া', script: 'Bengali', tesseract: 'asm', espeakVoice: 'as', sentenceEnders: ['।'] },
];

export const LANGUAGES: ReadonlyMap<string, LanguageInfo> = new Map(LANGUAGE_LIST.map((l) => [l.code, l]));

export const LANGUAGE_CODES: readonly string[] = LANGUAGE_LIST.map((l) => l.code);

export function isSupportedLanguage(code: string): boolean {
  return LANGUAGES.has(code);
}

/** Throws for an unknown code: callers validate user input with isSupportedLanguage first. */
export function languageInfo(code: string): LanguageInfo {
  const info = LANGUAGES.get(code);
  if (!info) throw new Error(`unknown language code: ${code}`);
  return info;
}

/** Unicode ranges of each script, used to tell which script a text (or an OCR guess) is in. */
export const SCRIPT_RANGES: Record<Script, Array<[number, number]>> = {
  Latin: [[0x41, 0x5a], [0x61, 0x7a], [0xc0, 0x24f]],
  Devanagari: [[0x900, 0x97f], [0xa8e0, 0xa8ff]],
  Bengali: [[0x980, 0x9ff]],
  Gurmukhi: [[0xa00, 0xa7f]],
  Gujarati: [[0xa80, 0xaff]],
  Oriya: [[0xb00, 0xb7f]],
  Tamil: [[0xb80, 0xbff]],
  Telugu: [[0xc00, 0xc7f]],
  Kannada: [[0xc80, 0xcff]],
  Malayalam: [[0xd00, 0xd7f]],
  Arabic: [[0x600, 0x6ff], [0x750, 0x77f], [0xfb50, 0xfdff], [0xfe70, 0xfeff]],
};

/** Counts letters of each script in the text; digits, spaces and punctuation count for none. */
export function countScripts(text: string): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    // The danda and double danda sit in the Devanagari block but end sentences in Bengali,
    // Gurmukhi, Odia and Assamese too: punctuation, not a Devanagari letter.
    if (cp === 0x964 || cp === 0x965) continue;
    for (const [script, ranges] of Object.entries(SCRIPT_RANGES) as Array<[Script, Array<[number, number]>]>) {
      if (ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) {
        counts.set(script, (counts.get(script) ?? 0) + 1);
        break;
      }
    }
  }
  return counts;
}

/** The script most letters of the text are written in, or null when it has no letters. */
export function dominantScript(text: string): Script | null {
  let best: Script | null = null;
  let bestCount = 0;
  for (const [script, count] of countScripts(text)) {
    if (count > bestCount) {
      best = script;
      bestCount = count;
    }
  }
  return best;
}
