import type { GrayImage } from './gray-image.js';
import type { OpenCv } from './load-opencv.js';
import { matToGray, withMats } from './mat-scope.js';

export interface DeskewOptions {
  /** Largest skew searched for, degrees either way. Defaults to 15. */
  maxAngle?: number;
}

/**
 * The angle (degrees, clockwise as seen on screen) the text lines of an ink mask (0 ink, 255
 * paper) run at, from a projection profile: rows of ink are sharpest when projected along the lines' own slope. Hand-written
 * because OpenCV has no deskew and minAreaRect over all ink is thrown off by pictures and margins.
 */
export function estimateSkew(mask: GrayImage, options: DeskewOptions = {}): number {
  const image = mask;
  const maxAngle = options.maxAngle ?? 15;
  // Sample ink on a grid of at most ~1000 px across: plenty for an angle, and fast.
  const step = Math.max(1, Math.ceil(Math.max(image.width, image.height) / 1000));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < image.height; y += step) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x += step) {
      if (image.data[row + x]! < 128) {
        xs.push(x / step);
        ys.push(y / step);
      }
    }
  }
  if (xs.length < 200) return 0;
  const stride = Math.max(1, Math.floor(xs.length / 60_000));
  const diagonal = Math.ceil(Math.hypot(image.width, image.height) / step) + 2;
  const bins = new Float64Array(diagonal * 2);
  const sharpness = (deg: number): number => {
    const a = (deg * Math.PI) / 180;
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    bins.fill(0);
    for (let i = 0; i < xs.length; i += stride) {
      const bin = Math.round(ys[i]! * cos - xs[i]! * sin) + diagonal;
      bins[bin]! += 1;
    }
    let sum = 0;
    for (const b of bins) sum += b * b;
    return sum;
  };
  let best = 0;
  let bestScore = -1;
  for (let deg = -maxAngle; deg <= maxAngle; deg += 0.5) {
    const score = sharpness(deg);
    if (score > bestScore) [best, bestScore] = [deg, score];
  }
  const coarse = best;
  for (let deg = coarse - 0.5; deg <= coarse + 0.5; deg += 0.05) {
    const score = sharpness(deg);
    if (score > bestScore) [best, bestScore] = [deg, score];
  }
  return Math.round(best * 100) / 100;
}

/** Rotates the page by the skew's opposite so text lines run level; the canvas grows to keep the corners, filled white. */
export function rotateLevel(cv: OpenCv, image: GrayImage, skewDeg: number): GrayImage {
  const a = (skewDeg * Math.PI) / 180;
  const cos = Math.abs(Math.cos(a));
  const sin = Math.abs(Math.sin(a));
  const outW = Math.round(image.width * cos + image.height * sin);
  const outH = Math.round(image.width * sin + image.height * cos);
  return withMats(cv, (scope) => {
    const src = scope.fromGray(image);
    const matrix = scope.track(cv.getRotationMatrix2D(new cv.Point(image.width / 2, image.height / 2), skewDeg, 1));
    // Shift so the rotated page sits in the middle of the larger canvas.
    const m = matrix.data64F;
    m[2] = m[2]! + (outW - image.width) / 2;
    m[5] = m[5]! + (outH - image.height) / 2;
    const out = scope.mat();
    cv.warpAffine(src, out, matrix, new cv.Size(outW, outH), cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(255));
    return matToGray(out);
  });
}

