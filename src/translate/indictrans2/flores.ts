/**
 * The FLORES-200 tags IndicTrans2 names its languages by, for the languages the service speaks,
 * and the Unicode block each Brahmi-derived script occupies: the model reads and writes every
 * such script as Devanagari ("script unification"), so text is converted on the way in and out.
 */
const FLORES_TAGS: Readonly<Record<string, string>> = Object.freeze({
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
 * Only the first 0x70 positions of each block were laid out in parallel; above them each script
 * has letters of its own (Gurmukhi tippi and addak, Assamese ra and wa, Malayalam chillus), which
 * Indic NLP's transliterator leaves as they are rather than turn into unrelated Devanagari signs.
 */
const COORDINATED_END = 0x6f;

/**
 * Tamil has no letters for voiced or aspirated stops, nor for ba/bha/ma-row variants: Devanagari
 * ग घ become க, ब भ become ப, श becomes ஷ, as Indic NLP's transliterator maps them, instead of
 * landing on code points Tamil leaves unassigned.
 */
function tamilOffset(offset: number): number {
  if (offset >= 0x15 && offset <= 0x28 && offset !== 0x1c && (offset - 0x15) % 5 !== 0 && (offset - 0x15) % 5 !== 4) return 0x15 + 5 * Math.floor((offset - 0x15) / 5);
  if (offset >= 0x2b && offset <= 0x2d) return 0x2a;
  if (offset === 0x36) return 0x37;
  return offset;
}

/**
 * Moves characters of one Brahmi-derived block to the same position in another, as Indic NLP's
 * UnicodeIndicTransliterator does: the blocks were laid out in parallel (ISCII), so the offset
 * carries the letter. Everything else (Latin, digits, punctuation, placeholders) is left alone.
 */
export function convertScript(text: string, fromTag: string, toTag: string): string {
  const from = BLOCK_START[scriptOf(fromTag)];
  const to = BLOCK_START[scriptOf(toTag)];
  if (from === undefined || to === undefined || from === to) return text;
  const tamil = scriptOf(toTag) === 'Taml';
  let out = '';
  for (const ch of text) {
    const offset = ch.codePointAt(0)! - from;
    if (offset < 0 || offset > COORDINATED_END || SHARED_OFFSETS.has(offset)) out += ch;
    else out += String.fromCodePoint(to + (tamil ? tamilOffset(offset) : offset));
  }
  return out;
}
