import { describe, expect, it } from 'vitest';
import { stretchWide } from '../../src/extract/image/stretch-wide.js';
import { inkComponents } from '../../src/extract/ocr/ink-components.js';

describe('stretchWide', () => {
  it('widens the image and the gap between two glyphs, keeping height and the number of ink runs', () => {
    // Two upright strokes one blank column apart, as a tightly set "11" is.
    const width = 12;
    const height = 6;
    const data = new Uint8Array(width * height).fill(250);
    for (let y = 1; y < 5; y += 1) for (const x of [3, 4, 6, 7]) data[y * width + x] = 20;
    const image = { data, width, height };
    const wide = stretchWide(image, 2);
    expect([wide.width, wide.height]).toEqual([24, 6]);
    const box = { x0: 0, y0: 0, x1: wide.width, y1: wide.height };
    const runs = inkComponents(wide, box);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.x0 - runs[0]!.x1).toBeGreaterThanOrEqual(2);
  });
});
