import type { GrayImage } from './gray-image.js';

export interface PickProbeLinesOptions {
  /** How many text lines the sample holds. Defaults to 2. */
  lines?: number;
}

interface Band {
  top: number;
  bottom: number;
  ink: number;
}

/**
 * Cuts a small sample of body text out of a level page: the fullest lines of typical height,
 * stacked on white. Recognising a couple of lines is enough to tell a page's script and costs a
 * fraction of reading the page. `mask` marks the page's ink (0) and paper (255). Returns null
 * when the page has no line-like ink.
 */
export function pickProbeLines(image: GrayImage, mask: GrayImage, options: PickProbeLinesOptions = {}): GrayImage | null {
  const { width, height, data } = image;
  const ink = mask.data;
  // Columns dark most of the way down are a picture's or the table's edge beside an unfound
  // page, not text: they are left out of the line search.
  const colInk = new Uint32Array(width);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) if (ink[row + x]! < 128) colInk[x]! += 1;
  }
  const textColumn = Uint8Array.from(colInk, (n) => (n < height * 0.85 ? 1 : 0));
  const rawInk = new Uint32Array(height);
  for (let y = 0; y < height; y += 1) {
    let n = 0;
    const row = y * width;
    for (let x = 0; x < width; x += 1) if (ink[row + x]! < 128 && textColumn[x]) n += 1;
    rawInk[y] = n;
  }
  // A 3-row running mean, so thin strokes (a headline, vowel signs) do not split a line.
  const rowInk = rawInk.map((_, y) => ((rawInk[y - 1] ?? rawInk[y]!) + rawInk[y]! + (rawInk[y + 1] ?? rawInk[y]!)) / 3);

  // A row belongs to a line when it has clearly more ink than the emptiest rows (clutter,
  // specks) - a twentieth of the way to full text rows - and is not nearly all dark (a picture;
  // text rows of the mask are up to ~70% ink, as letters blur into word blobs).
  const sorted = Float64Array.from(rowInk).sort();
  const baseline = sorted[Math.floor(height * 0.2)]!;
  const full = sorted[Math.floor(height * 0.95)]!;
  const minInk = Math.max(2, width * 0.005, baseline + (full - baseline) * 0.05);
  const maxInk = width * 0.85;
  const bands: Band[] = [];
  let start = -1;
  for (let y = 0; y <= height; y += 1) {
    const inked = y < height && rowInk[y]! >= minInk && rowInk[y]! <= maxInk;
    if (inked && start < 0) start = y;
    if (!inked && start >= 0) {
      let sum = 0;
      for (let r = start; r < y; r += 1) sum += rawInk[r]!;
      if (y - start >= 6 && y - start <= height / 4) bands.push({ top: start, bottom: y, ink: sum });
      start = -1;
    }
  }
  if (bands.length === 0) return null;
  const heights = bands.map((b) => b.bottom - b.top).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)]!;
  const chosen = bands
    .filter((b) => b.bottom - b.top >= typical * 0.6 && b.bottom - b.top <= typical * 1.8)
    .sort((a, b) => b.ink - a.ink)
    .slice(0, options.lines ?? 2)
    .sort((a, b) => a.top - b.top);
  if (chosen.length === 0) return null;

  const pad = Math.round(typical * 0.5);
  const crops = chosen.map((band) => {
    let left = width;
    let right = 0;
    for (let y = band.top; y < band.bottom; y += 1) {
      const row = y * width;
      for (let x = 0; x < width; x += 1) {
        if (ink[row + x]! < 128 && textColumn[x]) {
          if (x < left) left = x;
          if (x > right) right = x;
        }
      }
    }
    return { top: Math.max(0, band.top - pad), bottom: Math.min(height, band.bottom + pad), left: Math.max(0, left - pad), right: Math.min(width, right + pad + 1) };
  });
  const outW = Math.max(...crops.map((c) => c.right - c.left));
  const outH = crops.reduce((s, c) => s + (c.bottom - c.top), 0);
  const out = new Uint8Array(outW * outH).fill(255);
  let y0 = 0;
  for (const c of crops) {
    for (let y = c.top; y < c.bottom; y += 1) out.set(data.subarray(y * width + c.left, y * width + c.right), (y0 + y - c.top) * outW);
    y0 += c.bottom - c.top;
  }
  return { data: out, width: outW, height: outH };
}
