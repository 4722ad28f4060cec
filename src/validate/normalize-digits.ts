/**
 * Code points of the digit zero of every decimal digit system the supported languages write
 * numbers in. Each system's digits 0-9 follow its zero contiguously.
 */
const DIGIT_ZEROS = [
  0x0660, // Arabic-Indic ٠-٩
  0x06f0, // Extended Arabic-Indic ۰-۹ (Urdu)
  0x0966, // Devanagari ०-९ (Hindi, Marathi)
  0x09e6, // Bengali ০-৯ (Bengali, Assamese)
  0x0a66, // Gurmukhi ੦-੯
  0x0ae6, // Gujarati ૦-૯
  0x0b66, // Oriya ୦-୯
  0x0be6, // Tamil ௦-௯
  0x0c66, // Telugu ౦-౯
  0x0ce6, // Kannada ೦-೯
  0x0d66, // Malayalam ൦-൯
  0xff10, // fullwidth ０-９
];

const DIGIT_CLASS = new RegExp(`[${DIGIT_ZEROS.map((z) => `\\u{${z.toString(16)}}-\\u{${(z + 9).toString(16)}}`).join('')}\\u066B\\u066C]`, 'gu');

/**
 * Rewrites every Indian, Arabic-Indic and fullwidth digit as its ASCII digit, the Arabic decimal
 * separator (٫) as "." and the Arabic thousands separator (٬) as ",", so that "१,५०,०००" and
 * "1,50,000" read alike. Other characters are left as they are.
 */
export function normalizeDigits(text: string): string {
  return text.replace(DIGIT_CLASS, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x066b) return '.';
    if (cp === 0x066c) return ',';
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9)!;
    return String(cp - zero);
  });
}
