import type { GrayImage } from './gray-image.js';
import type { OpenCv } from './load-opencv.js';
import { matToGray, withMats } from './mat-scope.js';

export interface EvenLightOptions {
  /** Side of the background-estimating window as a share of the image's longest side. Defaults to 1/40. */
  window?: number;
}

/**
 * Evens out uneven light (a shadow across the page, a gradient from the window): estimates the
 * paper's brightness everywhere with a max filter wide enough to step over letters, then divides
 * by it, so paper becomes white and ink stays dark whatever light fell on it. Finally stretches
 * the ink's range to full contrast.
 */
export function evenLight(cv: OpenCv, image: GrayImage, options: EvenLightOptions = {}): GrayImage {
  const { width, height } = image;
  // The background is smooth, so it is estimated on a small copy: 8x fewer pixels to filter.
  const shrink = Math.min(1, 600 / Math.max(width, height));
  const smallW = Math.max(8, Math.round(width * shrink));
  const smallH = Math.max(8, Math.round(height * shrink));
  const k = Math.max(3, Math.round(Math.max(smallW, smallH) * (options.window ?? 1 / 40)) | 1);

  return withMats(cv, (scope) => {
    const src = scope.fromGray(image);
    const small = scope.mat();
    cv.resize(src, small, new cv.Size(smallW, smallH), 0, 0, cv.INTER_AREA);
    const background = scope.mat();
    const kernel = scope.track(cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(k, k)));
    // Dilation (local max) removes dark text; the blur smooths the blocky result.
    cv.dilate(small, background, kernel);
    cv.GaussianBlur(background, background, new cv.Size(k, k), 0);
    const full = scope.mat();
    cv.resize(background, full, new cv.Size(width, height), 0, 0, cv.INTER_LINEAR);
    const out = scope.mat();
    cv.divide(src, full, out, 255);
    // Stretch: the darkest ink (0.5th percentile) to black, paper stays white.
    const hist = new Uint32Array(256);
    const data = out.data;
    for (let i = 0; i < data.length; i += 1) hist[data[i]!]! += 1;
    let low = 0;
    for (let seen = 0, limit = data.length * 0.005; low < 200 && seen + hist[low]! < limit; low += 1) seen += hist[low]!;
    // A blank or nearly blank page has no ink to stretch to: stretching its paper grain would
    // turn noise into speckles that OCR reads as letters.
    if (low > 0 && low <= 150) {
      const lut = new Uint8Array(256);
      for (let v = 0; v < 256; v += 1) lut[v] = Math.max(0, Math.min(255, Math.round(((v - low) * 255) / (255 - low))));
      for (let i = 0; i < data.length; i += 1) data[i] = lut[data[i]!]!;
    }
    return matToGray(out);
  });
}
