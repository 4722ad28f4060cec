import type { GrayImage } from './gray-image.js';
import type { OpenCv } from './load-opencv.js';
import { matToGray, withMats } from './mat-scope.js';

/**
 * How much more the ink bunches into bands along one axis than an even spread would: text lines
 * make the profile across them peaky (lines and gaps), the profile along them nearly flat.
 */
function peakiness(profile: Float64Array): number {
  let first = 0;
  let last = profile.length - 1;
  while (first < last && profile[first] === 0) first += 1;
  while (last > first && profile[last] === 0) last -= 1;
  let sum = 0;
  let squares = 0;
  for (let i = first; i <= last; i += 1) {
    sum += profile[i]!;
    squares += profile[i]! * profile[i]!;
  }
  const bins = last - first + 1;
  return sum > 0 ? (squares * bins) / (sum * sum) : 1;
}

/**
 * True when the text lines run top to bottom: the photo was taken with the phone turned and no
 * usable EXIF tag (common when the phone points down at a table, where it cannot tell which way
 * is up). Compares how banded the ink of a mask (0 ink, 255 paper) is across rows and across
 * columns.
 */
export function isSideways(mask: GrayImage): boolean {
  const image = mask;
  const step = Math.max(1, Math.ceil(Math.max(image.width, image.height) / 1200));
  const rows = new Float64Array(Math.ceil(image.height / step));
  const cols = new Float64Array(Math.ceil(image.width / step));
  let ink = 0;
  for (let y = 0; y < image.height; y += step) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x += step) {
      if (image.data[row + x]! < 128) {
        rows[y / step]! += 1;
        cols[x / step]! += 1;
        ink += 1;
      }
    }
  }
  if (ink < 200) return false;
  // Rows or columns nearly all dark are not text (whose mask rows are up to ~70% ink) but a
  // picture, or the table beside an unfound page: a dark strip down one side would otherwise look
  // like very banded columns.
  const clear = (profile: Float64Array, length: number): void => {
    for (let i = 0; i < profile.length; i += 1) if (profile[i]! > length * 0.85) profile[i] = 0;
  };
  clear(rows, cols.length);
  clear(cols, rows.length);
  // Demand a clear margin: a page of short lines or a table can band a little both ways.
  return peakiness(cols) > peakiness(rows) * 1.3;
}

/** Rotates by quarter turns clockwise (1, 2 or 3). */
export function rotateQuarter(cv: OpenCv, image: GrayImage, turns: 1 | 2 | 3): GrayImage {
  return withMats(cv, (scope) => {
    const src = scope.fromGray(image);
    const out = scope.mat();
    const code = { 1: cv.ROTATE_90_CLOCKWISE, 2: cv.ROTATE_180, 3: cv.ROTATE_90_COUNTERCLOCKWISE }[turns];
    cv.rotate(src, out, code);
    return matToGray(out);
  });
}

/** The image turned upside down (a 180 degree turn is the pixel order reversed). */
export function turnHalf(image: GrayImage): GrayImage {
  return { data: image.data.slice().reverse(), width: image.width, height: image.height };
}
