/** Why a page's text layer cannot be read as it is. */
export type BrokenLayerReason =
  | 'no-text'
  | 'replacement-characters'
  | 'private-use-glyphs'
  | 'cid-codes'
  | 'control-characters'
  | 'legacy-font-encoding'
  | 'misordered-indic'
  | 'split-words';

export interface TextLayerVerdict {
  usable: boolean;
  reason?: BrokenLayerReason;
  /** Letters found (any script), for callers that weigh a sparse layer against the page's images. */
  letters: number;
}

/** Plain-words explanations for warnings; never contain the page's text. */
export const BROKEN_LAYER_EXPLANATIONS: Record<BrokenLayerReason, string> = {
  'no-text': 'no text layer',
  'replacement-characters': 'text layer has unmapped glyphs (U+FFFD)',
  'private-use-glyphs': 'text layer uses private-use glyph codes',
  'cid-codes': 'text layer has raw (cid:N) glyph codes',
  'control-characters': 'text layer has control characters',
  'legacy-font-encoding': 'text layer is in a legacy font encoding (Latin letters standing for Indic glyphs)',
  'misordered-indic': 'text layer has Indic vowel signs out of order',
  'split-words': 'text layer splits words into letters',
};

const LETTER = /\p{L}/gu;
const REPLACEMENT = /\uFFFD/g;
const PRIVATE_USE = /[\uE000-\uF8FF\u{F0000}-\u{10FFFD}]/gu;
const CID = /\(cid:\d+\)/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this counts
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

/**
 * Decides whether a PDF page's extracted text can be used as it is, or the page must be drawn
 * and read by OCR instead. Indian-language PDFs are often typeset with fonts whose glyphs do not
 * map back to Unicode: the text comes out as U+FFFD or private-use codes, as Latin letters that
 * stood for Devanagari glyphs in legacy fonts (Kruti Dev: "Hkkjr" for भारत), with vowel signs in
 * visual rather than logical order ("िकया" for किया), or with words cut into pieces. Each test
 * needs several hits and a share of the page, so one odd symbol does not send a page to OCR.
 */
export function assessTextLayer(rawText: string): TextLayerVerdict {
  const text = rawText.normalize('NFC');
  const letters = count(text, LETTER);
  const visible = text.replace(/\s+/g, '').length;
  const share = (n: number): number => n / Math.max(1, visible);

  const replacement = count(text, REPLACEMENT);
  if (replacement >= 2 && share(replacement) > 0.01) return broken('replacement-characters', letters);
  const privateUse = count(text, PRIVATE_USE);
  if (privateUse >= 2 && share(privateUse) > 0.02) return broken('private-use-glyphs', letters);
  if (count(text, CID) >= 2) return broken('cid-codes', letters);
  const controls = count(text, CONTROL);
  if (controls >= 2 && share(controls) > 0.01) return broken('control-characters', letters);
  // After the glyph-code checks: a layer made only of private-use codes has no letters either.
  if (letters === 0) return broken('no-text', letters);

  const tokens = text.split(/\s+/).filter(Boolean);
  if (looksLikeLegacyEncoding(tokens)) return broken('legacy-font-encoding', letters);
  if (looksMisorderedIndic(tokens)) return broken('misordered-indic', letters);
  if (looksLetterSpaced(tokens)) return broken('split-words', letters);
  return { usable: true, letters };
}

function broken(reason: BrokenLayerReason, letters: number): TextLayerVerdict {
  return { usable: false, reason, letters };
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

const OUTER_PUNCTUATION = /^[.,:;!?"'()[\]{}«»“”‘’-]+|[.,:;!?"'()[\]{}«»“”‘’-]+$/g;
const LATIN_WORD = /^[A-Za-z\u00C0-\u024F]/;
const HAS_VOWEL = /[aeiouyAEIOUY\u00C0-\u00FF]/;
const INNER_CAPITAL = /[a-z][A-Z]/;
// Symbols legacy Indic fonts put inside words; an English apostrophe only begins a contraction.
const INNER_SYMBOL = /[A-Za-z][;"~^`|\\[\]{}<>+=@#$%&*_][A-Za-z]|[A-Za-z]'(?!(?:s|t|re|ve|ll|d|m)$)[A-Za-z]/;
// Latin-1 signs (¡ ª ¸ º ½ × ...) that legacy fonts such as Kruti Dev and Chanakya map Indic glyphs to.
const LATIN1_SIGN = /[\u00A1-\u00BF\u00D7\u00F7]/;

/**
 * Legacy Indic fonts draw Devanagari (or Tamil...) glyphs at Latin code points, so the text layer is
 * Latin letters that are not words: no vowels ("Hkkjr"), capitals inside words ("gSa", "vkSj"),
 * punctuation inside words ("fo'kky") and Latin-1 signs ("gk¡"). Real English has few such words;
 * units and formulas (cm, NaCl) are short or carry digits and stay under the share.
 */
function looksLikeLegacyEncoding(tokens: string[]): boolean {
  let latin = 0;
  let odd = 0;
  for (const token of tokens) {
    if (/\d/.test(token)) continue;
    const word = token.replace(OUTER_PUNCTUATION, '');
    if (!LATIN_WORD.test(word) && !LATIN1_SIGN.test(word)) continue;
    latin++;
    const letters = word.replace(/[^A-Za-z]/g, '');
    const allCaps = letters === letters.toUpperCase();
    if (
      LATIN1_SIGN.test(token) ||
      INNER_SYMBOL.test(word) ||
      INNER_CAPITAL.test(word) ||
      (letters.length >= 3 && !allCaps && !HAS_VOWEL.test(letters))
    ) {
      odd++;
    }
  }
  return latin >= 8 && odd >= 4 && odd / latin > 0.25;
}

// The nine Brahmic blocks (Devanagari to Malayalam) share one layout, inherited from ISCII: the
// same offset means the same kind of sign in each block.
const INDIC_FIRST = 0x0900;
const INDIC_LAST = 0x0d7f;
type IndicClass = 'vowel-sign' | 'virama' | 'nukta' | 'bindu' | 'vowel' | 'consonant' | 'other';

function indicClass(cp: number): IndicClass | null {
  if (cp < INDIC_FIRST || cp > INDIC_LAST) return null;
  const offset = cp & 0x7f;
  if ((offset >= 0x3e && offset <= 0x4c) || offset === 0x62 || offset === 0x63) return 'vowel-sign';
  if (offset === 0x4d) return 'virama';
  if (offset === 0x3c) return 'nukta';
  if (offset >= 0x01 && offset <= 0x03) return 'bindu';
  if ((offset >= 0x05 && offset <= 0x14) || offset === 0x60 || offset === 0x61) return 'vowel';
  if ((offset >= 0x15 && offset <= 0x39) || (offset >= 0x58 && offset <= 0x5f)) return 'consonant';
  return 'other';
}

/**
 * Signs that can only follow a consonant (vowel signs, virama, nukta, bindus) found where no
 * consonant is: at the start of a word ("िकया", "ान" cut off "ज्ञान"), after another vowel sign
 * ("सामािजक") or after an independent vowel. Also a reph left at the end of a word ("धमर्" for
 * धर्म). These are what visual-order glyph runs and stray spaces leave behind.
 */
function looksMisorderedIndic(tokens: string[]): boolean {
  let indicTokens = 0;
  let bad = 0;
  for (const token of tokens) {
    const word = token.replace(OUTER_PUNCTUATION, '');
    const points = [...word].map((ch) => ch.codePointAt(0)!);
    const classes = points.map(indicClass);
    if (!classes.some((c) => c === 'consonant' || c === 'vowel' || c === 'vowel-sign')) continue;
    indicTokens++;
    if (isBrokenIndicWord(points, classes)) bad++;
  }
  return bad >= 2 && bad / Math.max(1, indicTokens) > 0.05;
}

function isBrokenIndicWord(points: number[], classes: (IndicClass | null)[]): boolean {
  const first = classes[0];
  if (first === 'vowel-sign' || first === 'virama' || first === 'nukta' || first === 'bindu') return true;
  for (let i = 1; i < classes.length; i++) {
    const here = classes[i];
    const before = classes[i - 1];
    if ((here === 'vowel-sign' || here === 'virama') && (before === 'vowel-sign' || before === 'vowel' || before === 'virama')) return true;
  }
  // र + ् at the end of a Devanagari word: a reph that was drawn last and extracted last.
  const n = points.length;
  return n >= 3 && points[n - 2] === 0x0930 && points[n - 1] === 0x094d;
}

/** "T h i s  p a g e": most Latin tokens a single letter. */
function looksLetterSpaced(tokens: string[]): boolean {
  let latin = 0;
  let single = 0;
  for (const token of tokens) {
    const word = token.replace(OUTER_PUNCTUATION, '');
    if (!/^[A-Za-z]+$/.test(word)) continue;
    latin++;
    if (word.length === 1 && word !== 'a' && word !== 'A' && word !== 'I') single++;
  }
  return latin >= 10 && single / latin > 0.3;
}
