import type { GrayImage } from './gray-image.js';

/**
 * The image made `factor` times wider, rows interpolated linearly, height kept. Why: Tesseract's
 * LSTM emits a character per run of frames and merges two equal characters with no blank frame
 * between them, so a tightly set "11" reads "1"; widening the glyphs' gap gives it that frame.
 */
export function stretchWide(image: GrayImage, factor: number): GrayImage {
  const width = Math.max(1, Math.round(image.width * factor));
  const data = new Uint8Array(width * image.height);
  const scale = image.width / width;
  for (let x = 0; x < width; x += 1) {
    const from = Math.min(image.width - 1, Math.max(0, (x + 0.5) * scale - 0.5));
    const left = Math.floor(from);
    const right = Math.min(image.width - 1, left + 1);
    const t = from - left;
    for (let y = 0; y < image.height; y += 1) {
      const row = y * image.width;
      data[y * width + x] = Math.round((1 - t) * image.data[row + left]! + t * image.data[row + right]!);
    }
  }
  return { data, width, height: image.height };
}
