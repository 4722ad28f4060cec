import type { GrayImage, Quad } from './gray-image.js';
import type { OpenCv } from './load-opencv.js';
import { matToGray, withMats } from './mat-scope.js';

export interface WarpPageOptions {
  /** Longest side of the flattened page, pixels. Defaults to 2400. */
  maxSide?: number;
  /** Share of each side trimmed after flattening, so the table's rim never reaches the OCR. Defaults to 0.01. */
  trim?: number;
}

const distance = (a: { x: number; y: number }, b: { x: number; y: number }): number => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * Maps the page quadrilateral onto an upright rectangle (perspective correction). The rectangle's
 * sides are the longer of each pair of opposite edges, capped at maxSide, so text is not shrunk.
 */
export function warpPage(cv: OpenCv, image: GrayImage, quad: Quad, options: WarpPageOptions = {}): GrayImage {
  const [tl, tr, br, bl] = quad;
  let width = Math.max(distance(tl, tr), distance(bl, br));
  let height = Math.max(distance(tl, bl), distance(tr, br));
  const scale = Math.min(1, (options.maxSide ?? 2400) / Math.max(width, height));
  width = Math.max(16, Math.round(width * scale));
  height = Math.max(16, Math.round(height * scale));
  const trim = options.trim ?? 0.01;
  const tx = width * trim;
  const ty = height * trim;
  const outW = Math.round(width - 2 * tx);
  const outH = Math.round(height - 2 * ty);

  return withMats(cv, (scope) => {
    const src = scope.fromGray(image);
    const from = scope.track(cv.matFromArray(4, 1, cv.CV_32FC2, quad.flatMap((p) => [p.x, p.y])));
    // Destination shifted by the trim, so the output simply starts inside the page.
    const to = scope.track(cv.matFromArray(4, 1, cv.CV_32FC2, [-tx, -ty, width - tx, -ty, width - tx, height - ty, -tx, height - ty]));
    const matrix = scope.track(cv.getPerspectiveTransform(from, to));
    const out = scope.mat();
    cv.warpPerspective(src, out, matrix, new cv.Size(outW, outH), cv.INTER_LINEAR, cv.BORDER_REPLICATE);
    return matToGray(out);
  });
}
