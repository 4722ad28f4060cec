import type { GrayImage, Point, Quad } from './gray-image.js';
import type { OpenCv } from './load-opencv.js';
import { withMats, type MatScope } from './mat-scope.js';

export interface FindPageOptions {
  /** Smallest share of the photo the page may cover; smaller quadrilaterals are boxes on the page, not the page. Defaults to 0.2. */
  minAreaFraction?: number;
  /** Largest share: a "page" that is the whole frame is no page found. Defaults to 0.97. */
  maxAreaFraction?: number;
  /** Share of the quadrilateral's outline that must lie on image edges. Defaults to 0.7. */
  minEdgeSupport?: number;
}

export interface FoundPage {
  /** Corners in the analysed image's pixels: top-left, top-right, bottom-right, bottom-left. */
  quad: Quad;
  areaFraction: number;
  /** Share of the outline that lies on edges found in the photo (0..1). */
  edgeSupport: number;
}

type Mat = InstanceType<OpenCv['Mat']>;

/** Orders four corners clockwise from the one nearest the image's top-left. */
export function orderCorners(points: Point[]): Quad {
  const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
  const sorted = [...points].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
  let start = 0;
  sorted.forEach((p, i) => {
    if (p.x + p.y < sorted[start]!.x + sorted[start]!.y) start = i;
  });
  return [0, 1, 2, 3].map((i) => sorted[(start + i) % 4]!) as Quad;
}

function quadArea(q: Quad): number {
  let a = 0;
  for (let i = 0; i < 4; i += 1) {
    const p = q[i]!;
    const n = q[(i + 1) % 4]!;
    a += p.x * n.y - n.x * p.y;
  }
  return Math.abs(a) / 2;
}

function isConvex(q: Quad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i += 1) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    const c = q[(i + 2) % 4]!;
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    if (cross === 0) return false;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}

/** Interior angles within 45..135 degrees: a photographed page is never folded into a dart. */
function plausibleAngles(q: Quad): boolean {
  for (let i = 0; i < 4; i += 1) {
    const prev = q[(i + 3) % 4]!;
    const p = q[i]!;
    const next = q[(i + 1) % 4]!;
    const ax = prev.x - p.x;
    const ay = prev.y - p.y;
    const bx = next.x - p.x;
    const by = next.y - p.y;
    const cos = (ax * bx + ay * by) / (Math.hypot(ax, ay) * Math.hypot(bx, by) || 1);
    const deg = (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
    if (deg < 45 || deg > 135) return false;
  }
  return true;
}

/** Share of points sampled along the four straight sides that fall on the (dilated) edge map; the weakest side counts double. */
function edgeSupport(edges: Mat, q: Quad): number {
  const width = edges.cols;
  const height = edges.rows;
  const data = edges.data;
  const sides: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    const steps = Math.max(8, Math.round(Math.hypot(b.x - a.x, b.y - a.y) / 2));
    let hits = 0;
    let inside = 0;
    // Skip the ends: corners are often rounded, dog-eared or shadowed.
    for (let s = 1; s < steps; s += 1) {
      const t = 0.05 + (0.9 * s) / steps;
      const x = Math.round(a.x + (b.x - a.x) * t);
      const y = Math.round(a.y + (b.y - a.y) * t);
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      inside += 1;
      if (data[y * width + x]! > 0) hits += 1;
    }
    sides.push(inside ? hits / inside : 0);
  }
  const mean = sides.reduce((s, v) => s + v, 0) / 4;
  return (mean * 4 + Math.min(...sides) * 2) / 6;
}

function quadsFromContours(scope: MatScope, binary: Mat, mode: number, minArea: number): Quad[] {
  const { cv } = scope;
  const contours = scope.track(new cv.MatVector());
  const hierarchy = scope.mat();
  cv.findContours(binary, contours, hierarchy, mode, cv.CHAIN_APPROX_SIMPLE);
  const quads: Quad[] = [];
  for (let i = 0; i < contours.size(); i += 1) {
    const contour = contours.get(i);
    try {
      const box = cv.boundingRect(contour);
      if (box.width * box.height < minArea) continue;
      const hull = new cv.Mat();
      try {
        cv.convexHull(contour, hull, false, true);
        for (const shape of [contour, hull]) {
          const perimeter = cv.arcLength(shape, true);
          for (const epsilon of [0.01, 0.02, 0.03, 0.05]) {
            const approx = new cv.Mat();
            try {
              cv.approxPolyDP(shape, approx, epsilon * perimeter, true);
              if (approx.rows === 4 && cv.isContourConvex(approx)) {
                const pts = approx.data32S;
                quads.push(orderCorners([0, 1, 2, 3].map((k) => ({ x: pts[2 * k]!, y: pts[2 * k + 1]! }))));
                break;
              }
            } finally {
              approx.delete();
            }
          }
        }
      } finally {
        hull.delete();
      }
    } finally {
      contour.delete();
    }
  }
  return quads;
}

interface Line {
  /** Unit normal and offset: points p on the line satisfy p.x*nx + p.y*ny = rho. */
  nx: number;
  ny: number;
  rho: number;
  length: number;
}

function intersect(a: Line, b: Line): Point | null {
  const det = a.nx * b.ny - a.ny * b.nx;
  if (Math.abs(det) < 1e-6) return null;
  return { x: (a.rho * b.ny - a.ny * b.rho) / det, y: (a.nx * b.rho - a.rho * b.nx) / det };
}

/**
 * Quadrilaterals from the longest straight edges: two roughly horizontal and two roughly vertical
 * lines. Unlike contours this survives a page edge that fades out for a stretch (a shadow, a
 * background the colour of the paper) or that touches table texture.
 */
function quadsFromLines(scope: MatScope, edges: Mat, width: number, height: number): Quad[] {
  const { cv } = scope;
  const side = Math.max(width, height);
  const segments = scope.mat();
  cv.HoughLinesP(edges, segments, 1, Math.PI / 360, Math.round(side * 0.06), side * 0.12, side * 0.03);
  const merged: Line[] = [];
  const s = segments.data32S;
  for (let i = 0; i < segments.rows; i += 1) {
    const [x1, y1, x2, y2] = [s[4 * i]!, s[4 * i + 1]!, s[4 * i + 2]!, s[4 * i + 3]!];
    const length = Math.hypot(x2 - x1, y2 - y1);
    let nx = -(y2 - y1) / length;
    let ny = (x2 - x1) / length;
    // One orientation per line, so equal lines get equal (nx, ny, rho).
    if (nx < 0 || (nx === 0 && ny < 0)) [nx, ny] = [-nx, -ny];
    const rho = x1 * nx + y1 * ny;
    const same = merged.find((l) => Math.abs(l.nx * nx + l.ny * ny) > Math.cos((2 * Math.PI) / 180) && Math.abs(l.rho - rho) < side * 0.012);
    if (same) same.length += length;
    else merged.push({ nx, ny, rho, length });
  }
  const horizontal = merged.filter((l) => Math.abs(l.ny) > Math.SQRT1_2).sort((a, b) => b.length - a.length).slice(0, 8);
  const vertical = merged.filter((l) => Math.abs(l.ny) <= Math.SQRT1_2).sort((a, b) => b.length - a.length).slice(0, 8);
  const quads: Quad[] = [];
  const margin = side * 0.02;
  for (let a = 0; a < horizontal.length; a += 1) {
    for (let b = a + 1; b < horizontal.length; b += 1) {
      for (let c = 0; c < vertical.length; c += 1) {
        for (let d = c + 1; d < vertical.length; d += 1) {
          const corners = [
            intersect(horizontal[a]!, vertical[c]!),
            intersect(horizontal[a]!, vertical[d]!),
            intersect(horizontal[b]!, vertical[c]!),
            intersect(horizontal[b]!, vertical[d]!),
          ];
          if (corners.some((p) => !p || p.x < -margin || p.y < -margin || p.x > width + margin || p.y > height + margin)) continue;
          quads.push(orderCorners(corners as Point[]));
        }
      }
    }
  }
  return quads;
}

/**
 * Finds the page in a photo: the largest convex quadrilateral whose outline runs along edges in the
 * picture. Returns null when nothing credible is found, so the caller reads the whole photo
 * instead (a page filling the frame, a page on a table of the same colour).
 */
export function findPage(cv: OpenCv, image: GrayImage, options: FindPageOptions = {}): FoundPage | null {
  const minFraction = options.minAreaFraction ?? 0.2;
  const maxFraction = options.maxAreaFraction ?? 0.97;
  const minSupport = options.minEdgeSupport ?? 0.7;
  const total = image.width * image.height;
  const side = Math.max(image.width, image.height);
  const odd = (n: number): number => Math.max(3, Math.round(n) | 1);

  return withMats(cv, (scope) => {
    const gray = scope.fromGray(image);
    // Closing (max then min filter) wipes out the dark strokes of text, so the page is one bright
    // plain; the median then flattens table texture such as wood grain.
    const closed = scope.mat();
    const kernel = scope.track(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(odd(side / 90), odd(side / 90))));
    cv.morphologyEx(gray, closed, cv.MORPH_CLOSE, kernel);
    const smooth = scope.mat();
    cv.medianBlur(closed, smooth, odd(side / 150));

    const otsu = scope.mat();
    const otsuLevel = cv.threshold(smooth, otsu, 0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU);

    // The edge map used to check candidates, and (as contours) to propose them.
    const edges = scope.mat();
    cv.Canny(smooth, edges, Math.max(10, otsuLevel * 0.25), Math.max(25, otsuLevel * 0.5));
    const near = scope.mat();
    const dilateKernel = scope.track(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(odd(side / 250), odd(side / 250))));
    cv.dilate(edges, near, dilateKernel);

    const minArea = total * minFraction;
    const candidates: Quad[] = [
      ...quadsFromContours(scope, near, cv.RETR_LIST, minArea),
      ...quadsFromContours(scope, otsu, cv.RETR_EXTERNAL, minArea),
      ...quadsFromLines(scope, edges, image.width, image.height),
    ];

    let best: FoundPage | null = null;
    for (const quad of candidates) {
      const areaFraction = quadArea(quad) / total;
      if (areaFraction < minFraction || areaFraction > maxFraction || !plausibleAngles(quad) || !isConvex(quad)) continue;
      const support = edgeSupport(near, quad);
      if (support < minSupport) continue;
      const score = areaFraction * support;
      if (!best || score > best.areaFraction * best.edgeSupport) best = { quad, areaFraction, edgeSupport: support };
    }
    return best;
  });
}
