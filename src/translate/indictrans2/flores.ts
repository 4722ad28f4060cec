/**
 * The FLORES-200 tags IndicTrans2 names its languages by, for the languages the service speaks,
 * and the Unicode block each Brahmi-derived script occupies: the model reads and writes every
 * such script as Devanagari ("script unification"), so text is converted on the way in and out.
 */
export const FLORES_TAGS: Readonly<Record<string, string>> = Object.freeze({
  en: 'eng_Latn',
  hi: 'hin_Deva',
  bn: 'ben_Beng',
  ta: 'tam_Taml',
  te: 'tel_Telu',
  kn: 'kan_Knda',
  ml: 'mal_Mlym',
  mr: 'mar_Deva',
  gu: 'guj_Gujr',
  pa: 'pan_Guru',
  or: 'ory_Orya',
  ur: 'urd_Arab',
  as: 'asm_Beng',
});

/** First code point of each Brahmi-derived Unicode block; every block is 128 code points long. */
const BLOCK_START: Readonly<Record<string, number>> = Object.freeze({
  Deva: 0x0900,
  Beng: 0x0980,
  Guru: 0x0a00,
  Gujr: 0x0a80,
  Orya: 0x0b00,
  Taml: 0x0b80,
  Telu: 0x0c00,
  Knda: 0x0c80,
  Mlym: 0x0d00,
});

export function floresTag(language: string): string | undefined {
  return FLORES_TAGS[language];
}

/** The script part of a FLORES tag ("Deva" of "hin_Deva"). */
export function scriptOf(tag: string): string {
  return tag.slice(tag.indexOf('_') + 1);
}

/** True for the scripts the model sees as Devanagari (all Brahmi-derived ones; not Latin or Arabic). */
export function isUnifiedScript(tag: string): boolean {
  return scriptOf(tag) in BLOCK_START;
}

/**
 * The danda and double danda (U+0964/U+0965) are shared by all these scripts, and the other
 * blocks leave their slots empty: they are never moved.
 */
const SHARED_OFFSETS = new Set([0x64, 0x65]);

/**
 * Moves characters of one Brahmi-derived block to the same position in another, as Indic NLP's
 * UnicodeIndicTransliterator does: the blocks were laid out in parallel (ISCII), so the offset
 * carries the letter. Everything else (Latin, digits, punctuation, placeholders) is left alone.
 */
export function convertScript(text: string, fromTag: string, toTag: string): string {
  const from = BLOCK_START[scriptOf(fromTag)];
  const to = BLOCK_START[scriptOf(toTag)];
  if (from === undefined || to === undefined || from === to) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const offset = code - from;
    out += offset >= 0 && offset < 0x80 && !SHARED_OFFSETS.has(offset) ? String.fromCodePoint(to + offset) : ch;
  }
  return out;
}
