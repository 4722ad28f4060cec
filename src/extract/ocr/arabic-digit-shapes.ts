/**
 * Urdu's own digits checked against their ink. Why: the urd model reads the digits of a number
 * whose boxes it finds well but names two of them wrongly: the zero, which in every Arabic-script
 * font is a small dot or diamond, came out as "١" ("۱۲۰" -> "۱۲۱") and a lone upright stroke
 * ("۱") as "٣"; once it merged "۱۵" into one box read "۵". Read again alone, or by the ara model,
 * the digits came out worse (the models lean on the letters around them). The two shapes it
 * confuses are the two that need no model: a blob much lower than the number's tallest digit is
 * the zero, a tall stroke less than half as wide as it is high is the one. Each other ink
 * component keeps the digit the page reading put on it.
 */
import type { OcrWord } from '../../core/ports.js';
import type { GrayImage } from '../image/gray-image.js';
import type { Reading } from './doubtful-words.js';
import { inkComponents } from './ink-components.js';

const ZERO = '۰';
const ONE = '۱';
// The digits the urd model writes, Arabic-Indic or Extended Arabic-Indic; Urdu writes the latter.
const DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/u;
const ANY_DIGIT = /[0-9\u0660-\u0669\u06f0-\u06f9]/u;

/**
 * The word read digit by digit from its ink: the zero and the one by their shape, every other
 * component by the page reading's symbol over it. Null when the word is not a run of digits
 * whose symbols have boxes, or a component is left without a digit.
 */
export function readArabicDigitsByShape(word: OcrWord, page: GrayImage): Reading | null {
  const symbols = (word.symbols ?? []).map((s) => ({ ...s, text: s.text.replace(/[\u200e\u200f]/gu, '') })).filter((s) => s.text);
  // An ASCII digit among Urdu ones ("1۰۱") is the model naming an Urdu digit in the wrong system.
  const digit = symbols.some((s) => DIGIT.test(s.text)) ? ANY_DIGIT : DIGIT;
  if (!word.bbox || symbols.length === 0 || symbols.some((s) => !s.bbox || !digit.test(s.text) || [...s.text].length !== 1)) return null;
  const b = word.bbox;
  const box = { x0: Math.max(0, b.x0 - 1), x1: Math.min(page.width, b.x1 + 1), y0: Math.max(0, b.y0 - 1), y1: Math.min(page.height, b.y1 + 1) };
  const components = inkComponents(page, box);
  if (components.length === 0) return null;
  const tallest = Math.max(...components.map((c) => c.y1 - c.y0));
  let text = '';
  let confidence = 100;
  for (const c of components) {
    const height = c.y1 - c.y0;
    const width = c.x1 - c.x0;
    if (height < 0.5 * tallest && width < 0.9 * tallest) {
      text += ZERO;
      continue;
    }
    if (height >= 0.75 * tallest && width <= 0.45 * height) {
      text += ONE;
      continue;
    }
    // The symbol whose box covers most of this component.
    let best: { text: string; confidence: number } | null = null;
    let bestOverlap = 0;
    for (const s of symbols) {
      const overlap = Math.min(c.x1, s.bbox!.x1) - Math.max(c.x0, s.bbox!.x0);
      if (overlap > bestOverlap) [best, bestOverlap] = [s, overlap];
    }
    if (!best || bestOverlap < 0.5 * width) return null;
    // A zero or one named on ink that has neither shape: the model misread it, and no digit here is sure.
    if (/[0\u0660\u06f01\u0661\u06f1]/u.test(best.text)) return null;
    text += best.text;
    confidence = Math.min(confidence, best.confidence);
  }
  // The page's own digits are Extended Arabic-Indic: the model's Arabic-Indic ones are mapped over.
  text = text.replace(/[\u0660-\u0669]/gu, (d) => String.fromCodePoint(d.codePointAt(0)! - 0x0660 + 0x06f0)).replace(/[0-9]/gu, (d) => String.fromCodePoint(Number(d) + 0x06f0));
  return { text, confidence };
}
