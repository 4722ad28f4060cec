import { describe, expect, it } from 'vitest';
import { readArabicDigitsByShape } from '../../src/extract/ocr/arabic-digit-shapes.js';
import { inkComponents } from '../../src/extract/ocr/ink-components.js';
import type { GrayImage } from '../../src/extract/image/gray-image.js';
import type { OcrBox } from '../../src/core/ports.js';

// A white strip with dark rectangles drawn where the digits' ink is: an upright stroke (۱), a
// wide digit (۲), and a low small blob (the zero, a dot in Arabic-script fonts).
function strip(boxes: OcrBox[]): GrayImage {
  const width = 80;
  const height = 40;
  const data = new Uint8Array(width * height).fill(235);
  for (const b of boxes) for (let y = b.y0; y < b.y1; y += 1) for (let x = b.x0; x < b.x1; x += 1) data[y * width + x] = 40;
  return { data, width, height };
}

const STROKE = { x0: 10, x1: 18, y0: 10, y1: 31 };
const WIDE = { x0: 24, x1: 39, y0: 10, y1: 31 };
const DOT = { x0: 45, x1: 52, y0: 24, y1: 31 };
const WORD_BOX = { x0: 9, x1: 53, y0: 9, y1: 32 };
const symbol = (text: string, confidence: number, bbox: OcrBox) => ({ text, confidence, bbox });

describe("Urdu digits read from their ink", () => {
  it('finds one ink component per digit', () => {
    const components = inkComponents(strip([STROKE, WIDE, DOT]), WORD_BOX);
    expect(components.map((c) => [c.x0, c.x1])).toEqual([[10, 18], [24, 39], [45, 52]]);
  });

  it("names the dot the zero and the stroke the one, whatever the model called them ('۱۲۱', '٣٢١' -> '۱۲۰')", () => {
    const page = strip([STROKE, WIDE, DOT]);
    const read = (texts: string[], confidences: number[]) =>
      readArabicDigitsByShape({ text: texts.join(''), confidence: 40, bbox: WORD_BOX, symbols: [symbol(texts[0]!, confidences[0]!, STROKE), symbol(texts[1]!, confidences[1]!, WIDE), symbol(texts[2]!, confidences[2]!, DOT)] }, page);
    expect(read(['۱', '٢', '١\u200f'], [90, 98, 99])).toEqual({ text: '۱۲۰', confidence: 98 });
    expect(read(['٣', '٢', '١'], [92, 98, 99])?.text).toBe('۱۲۰');
  });

  it('gives back a one the model merged into the next digit', () => {
    const page = strip([STROKE, WIDE]);
    const merged = { x0: STROKE.x0, x1: WIDE.x1, y0: 10, y1: 31 };
    expect(readArabicDigitsByShape({ text: '۵', confidence: 92, bbox: merged, symbols: [symbol('۵', 98, merged)] }, page)?.text).toBe('۱۵');
  });

  it('gives up (the number stays unsure) when the model names a zero or one on ink of neither shape', () => {
    const page = strip([STROKE, WIDE, DOT]);
    const word = { text: '1۰۱', confidence: 59, bbox: WORD_BOX, symbols: [symbol('1', 90, STROKE), symbol('۰', 80, WIDE), symbol('۱', 90, DOT)] };
    expect(readArabicDigitsByShape(word, page)).toBeNull();
  });

  it('leaves words that are not digits alone', () => {
    const page = strip([STROKE, WIDE]);
    expect(readArabicDigitsByShape({ text: 'کل', confidence: 90, bbox: WORD_BOX, symbols: [symbol('ک', 90, WIDE), symbol('ل', 90, STROKE)] }, page)).toBeNull();
  });
});
