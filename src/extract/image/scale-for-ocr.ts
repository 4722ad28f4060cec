import type { GrayImage } from './gray-image.js';
import type { OpenCv } from './load-opencv.js';
import { matToGray, withMats } from './mat-scope.js';

export interface ScaleForOcrOptions {
  /** Longest side the OCR image may have, pixels. Defaults to 2400. */
  maxSide?: number;
  /** Height, in pixels, that the typical glyph (connected blob of ink) is scaled towards. Defaults to 32. */
  targetGlyphHeight?: number;
}

/**
 * Area-weighted median height of the ink blobs (letters, or whole words in scripts with a headline) of an ink
 * mask (0 ink, 255 paper), in pixels; 0 when there is too little ink to tell.
 */
export function measureGlyphHeight(cv: OpenCv, mask: GrayImage): number {
  return withMats(cv, (scope) => {
    const src = scope.fromGray(mask);
    const ink = scope.mat();
    cv.threshold(src, ink, 128, 255, cv.THRESH_BINARY_INV);
    const labels = scope.mat();
    const stats = scope.mat();
    const centroids = scope.mat();
    const count = cv.connectedComponentsWithStats(ink, labels, stats, centroids, 8, cv.CV_32S);
    const blobs: Array<{ h: number; area: number }> = [];
    const s = stats.data32S;
    const maxHeight = mask.height / 8;
    // Row 0 is the background. Specks and rules (very flat or very large blobs) are not glyphs.
    for (let i = 1; i < count; i += 1) {
      const w = s[i * 5 + 2]!;
      const h = s[i * 5 + 3]!;
      const area = s[i * 5 + 4]!;
      if (h >= 4 && h <= maxHeight && area >= 12 && w < h * 15) blobs.push({ h, area });
    }
    if (blobs.length < 10) return 0;
    // Weighted by area, so the many specks a noisy photo leaves do not outvote the letters.
    blobs.sort((a, b) => a.h - b.h);
    const half = blobs.reduce((sum, b) => sum + b.area, 0) / 2;
    let seen = 0;
    for (const b of blobs) {
      seen += b.area;
      if (seen >= half) return b.h;
    }
    return blobs[blobs.length - 1]!.h;
  });
}

/**
 * Scales the page so text is the size Tesseract reads best: small text is enlarged, huge text
 * shrunk (it only costs time), and the longest side never exceeds maxSide.
 */
export function scaleForOcr(cv: OpenCv, image: GrayImage, mask: GrayImage, options: ScaleForOcrOptions = {}): { image: GrayImage; mask: GrayImage; scale: number; glyphHeight: number } {
  const maxSide = options.maxSide ?? 2400;
  const target = options.targetGlyphHeight ?? 32;
  const glyphHeight = measureGlyphHeight(cv, mask);
  let scale = 1;
  if (glyphHeight > 0 && glyphHeight < target * 0.7) scale = Math.min(3, target / glyphHeight);
  else if (glyphHeight > target * 2.5) scale = (target * 1.5) / glyphHeight;
  scale = Math.min(scale, maxSide / Math.max(image.width, image.height));
  if (Math.abs(scale - 1) < 0.05) return { image, mask, scale: 1, glyphHeight };
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  return withMats(cv, (scope) => {
    const size = new cv.Size(width, height);
    const out = scope.mat();
    cv.resize(scope.fromGray(image), out, size, 0, 0, scale < 1 ? cv.INTER_AREA : cv.INTER_CUBIC);
    // The mask stays a mask: nearest neighbour keeps it two-valued.
    const outMask = scope.mat();
    cv.resize(scope.fromGray(mask), outMask, size, 0, 0, cv.INTER_NEAREST);
    return { image: matToGray(out), mask: matToGray(outMask), scale, glyphHeight };
  });
}
