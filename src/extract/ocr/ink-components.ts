/**
 * The runs of ink across a box of a page: what a number's digits look like before any model names
 * them. Used to judge digit shapes (arabic-digit-shapes.ts) and to tell a reading that lost a
 * digit (fewer characters than runs of ink) from one that did not.
 */
import type { OcrBox } from '../../core/ports.js';
import type { GrayImage } from '../image/gray-image.js';

export interface InkComponent {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  ink: number;
}

/** Otsu's threshold of the pixels in the box: the grey that best splits ink from paper. */
function otsu(page: GrayImage, box: OcrBox): number {
  const hist = new Array<number>(256).fill(0);
  let n = 0;
  for (let y = box.y0; y < box.y1; y += 1) {
    for (let x = box.x0; x < box.x1; x += 1) {
      hist[page.data[y * page.width + x]!]! += 1;
      n += 1;
    }
  }
  let sum = 0;
  for (let i = 0; i < 256; i += 1) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t += 1) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = n - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const between = wB * wF * (sumB / wB - (sum - sumB) / wF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Runs of ink columns in the box, each with the rows its ink spans. */
export function inkComponents(page: GrayImage, box: OcrBox): InkComponent[] {
  const threshold = otsu(page, box);
  const components: InkComponent[] = [];
  let current: InkComponent | null = null;
  let gap = 0;
  for (let x = box.x0; x < box.x1; x += 1) {
    let top = -1;
    let bottom = -1;
    let ink = 0;
    for (let y = box.y0; y < box.y1; y += 1) {
      if (page.data[y * page.width + x]! <= threshold) {
        if (top < 0) top = y;
        bottom = y + 1;
        ink += 1;
      }
    }
    if (ink === 0) {
      gap += 1;
      // One blank column inside a glyph is blur, not a gap between digits.
      if (current && gap > 1) {
        components.push(current);
        current = null;
      }
      continue;
    }
    gap = 0;
    if (!current) current = { x0: x, x1: x + 1, y0: top, y1: bottom, ink };
    else current = { x0: current.x0, x1: x + 1, y0: Math.min(current.y0, top), y1: Math.max(current.y1, bottom), ink: current.ink + ink };
  }
  if (current) components.push(current);
  // Specks of noise: far less ink than the largest component.
  const most = Math.max(0, ...components.map((c) => c.ink));
  return components.filter((c) => c.ink >= most * 0.08);
}

