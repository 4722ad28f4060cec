import type { GrayImage } from './gray-image.js';
import type { OpenCv } from './load-opencv.js';
import { matToGray, withMats } from './mat-scope.js';

export interface InkMaskOptions {
  /** How much darker than its surroundings (0..255) a pixel must be to count as ink. Defaults to 20. */
  offset?: number;
}

/**
 * Marks ink (0) and paper (255) by comparing each pixel with the mean of its neighbourhood, so
 * faint or blurred print counts as ink and paper grain does not; a blur before and a 5x5 median
 * after drop specks of noise. Used to find lines, skew and text size, never handed to OCR.
 */
export function inkMask(cv: OpenCv, image: GrayImage, options: InkMaskOptions = {}): GrayImage {
  const block = Math.max(15, Math.round(Math.max(image.width, image.height) / 40) | 1);
  return withMats(cv, (scope) => {
    const src = scope.fromGray(image);
    // Smoothing first averages paper grain and JPEG noise away; strokes are wider than it.
    const smooth = scope.mat();
    cv.GaussianBlur(src, smooth, new cv.Size(0, 0), 1.5);
    const mask = scope.mat();
    cv.adaptiveThreshold(smooth, mask, 255, cv.ADAPTIVE_THRESH_MEAN_C, cv.THRESH_BINARY, block, options.offset ?? 20);
    const clean = scope.mat();
    cv.medianBlur(mask, clean, 5);
    return matToGray(clean);
  });
}
