/**
 * Drops asides in brackets: "(also known as ...)", "[citation needed]", "[3]", "(37 km)". Works on
 * text in any script. A round-bracket aside that holds a number the reader may need (a year, a
 * date, a count) stays unless it only restates a measure given just before it ("23 miles (37 km)").
 */

export interface ParentheticalOptions {
  /** Keep bracketed asides that hold a number, other than unit conversions. Defaults to true. */
  keepNumericAsides?: boolean;
}

// Innermost bracket pairs first, so nested asides go from the inside out.
const INNERMOST = /\s*(\(([^()[\]]*)\)|\[([^()[\]]*)\])/gu;
// A number followed by a unit-like word or symbol, ending the text before the bracket.
const MEASURE_BEFORE = /\p{N}[\p{N}.,]*\s*(?:[\p{L}°%²³/.-]+\s*){1,3}$/u;
// The aside itself starts with a number (optionally "about"/"c.") and goes on with a unit: a
// letter or a unit sign. A dash after the number makes a range ("4 years (1985 - 88)"), which stays.
const MEASURE_INSIDE = /^\s*(?:about|approx\.?|approximately|c\.|ca\.|~)?\s*[-−]?\p{N}[\p{N}.,]*\s*[\p{L}°%²³$€£₹']/iu;
// Bounds the work on hostile input: a sentence rarely holds more than a handful of brackets.
const MAX_PASSES = 8;

export function removeParentheticals(text: string, options: ParentheticalOptions = {}): string {
  const keepNumeric = options.keepNumericAsides ?? true;
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    const next = current.replace(INNERMOST, (whole: string, _bracket: string, round: string | undefined, square: string | undefined, offset: number) => {
      const inside = round ?? square ?? '';
      // Square brackets hold editors' notes and citation marks ("[3]", "[note 2]"): always asides.
      if (keepNumeric && round !== undefined && /\p{N}/u.test(inside) && !isConversion(current.slice(0, offset), inside)) {
        // Protect it from later passes by leaving it as is; the outer loop stops when nothing changes.
        return whole;
      }
      changed = true;
      return '';
    });
    current = next;
    if (!changed) break;
  }
  return tidySpacing(current, text);
}

function isConversion(before: string, inside: string): boolean {
  // Only the end of the text before matters; a bounded tail keeps the test linear.
  return MEASURE_BEFORE.test(before.slice(-40)) && MEASURE_INSIDE.test(inside.slice(0, 40));
}

/** Removes the gaps a dropped aside leaves ("word , next" -> "word, next"); never returns empty for non-empty input. */
function tidySpacing(text: string, original: string): string {
  const tidy = text
    .replace(/[ \t]+([,.;:!?।॥۔؟])/gu, '$1')
    .replace(/([,;:])(?=[,;:.!?।॥۔؟])/gu, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[ \t]*[,;:][ \t]*/u, '')
    .trim();
  return /[\p{L}\p{N}]/u.test(tidy) ? tidy : original.trim();
}
