/**
 * The text clean-up IndicTransToolkit applies around the model: typographic punctuation to the
 * plain forms the model was trained on, native digits to ASCII, punctuation split off words on the
 * way in (the training data was tokenised so) and joined back on the way out.
 */

const PUNCTUATION: Array<[RegExp, string]> = [
  [/\r/gu, ''],
  [/[„“”«»]/gu, '"'],
  [/[‘’‚´`]/gu, "'"],
  [/–/gu, '-'],
  [/—/gu, ' - '],
  [/…/gu, '...'],
  [/\u00a0/gu, ' '],
];

export function normalizePunctuation(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PUNCTUATION) out = out.replace(pattern, replacement);
  return out.replace(/\s+/gu, ' ').trim();
}

/** Native digits of any script (Devanagari, Bengali, Tamil...) to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (d) => {
    const code = d.codePointAt(0)!;
    // Every Unicode decimal digit block is ten consecutive code points starting at zero.
    for (let zero = code; zero > code - 10; zero--) {
      if (!/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) return String((code - zero) % 10);
    }
    return d;
  });
}

/** Puts spaces around punctuation so it is its own token; placeholders (<ID3>) stay whole. */
export function splitPunctuation(text: string): string {
  return text
    .replace(/(<ID\d+>)|([,;:!?()"।॥])|(\.(?=\s|$))/gu, (m, placeholder: string | undefined) => (placeholder ? ` ${placeholder} ` : ` ${m} `))
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Joins punctuation back to the word before it (and opening brackets to the word after). */
export function joinPunctuation(text: string): string {
  return text
    .replace(/\s+([,;:!?.)।॥%])/gu, '$1')
    .replace(/\(\s+/gu, '(')
    .replace(/\s+/gu, ' ')
    .trim();
}
