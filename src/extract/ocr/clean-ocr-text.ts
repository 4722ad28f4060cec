// Tesseract's Tamil model writes a zero-width non-joiner after every pulli; Tamil never needs one.
const TAMIL_PULLI_ZWNJ = /(\u0BCD)[\u200C\u200D]/gu;
// Direction marks the Urdu model scatters around numbers and Latin runs.
const DIRECTION_MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
// Tesseract's Malayalam model spells chillu letters the pre-Unicode-5.1 way (consonant, virama,
// zero-width joiner); the atomic chillu letters are what text elsewhere uses.
const CHILLU: Record<string, string> = { ണ: 'ൺ', ന: 'ൻ', ര: 'ർ', ല: 'ൽ', ള: 'ൾ', ക: 'ൿ' };
const OLD_CHILLU = /([ണനരലളക])\u0D4D\u200D/gu;
const LIGATURES: Record<string, string> = { '\uFB00': 'ff', '\uFB01': 'fi', '\uFB02': 'fl', '\uFB03': 'ffi', '\uFB04': 'ffl' };

/** Normalises OCR output: canonical Unicode (NFC), no stray joiners or direction marks, no Latin ligatures, tidy spaces. */
export function cleanOcrText(text: string): string {
  return text
    .normalize('NFC')
    .replace(TAMIL_PULLI_ZWNJ, '$1')
    .replace(OLD_CHILLU, (_, c: string) => CHILLU[c] ?? c)
    .replace(DIRECTION_MARKS, '')
    .replace(/[\uFB00-\uFB04]/gu, (ch) => LIGATURES[ch] ?? ch)
    .split(/\n{2,}/u)
    .map((p) => p.replace(/[^\S\n]+/gu, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}
