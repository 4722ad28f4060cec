import sharp from 'sharp';
import { decodePhoto } from './decode-photo.js';
import { estimateSkew, rotateLevel } from './deskew.js';
import { evenLight } from './even-light.js';
import { findPage, type FindPageOptions } from './find-page.js';
import type { GrayImage, Quad } from './gray-image.js';
import { inkMask } from './ink-mask.js';
import { loadOpenCv } from './load-opencv.js';
import { isSideways, rotateQuarter } from './quarter-turn.js';
import { scaleForOcr } from './scale-for-ocr.js';
import { warpPage } from './warp-page.js';

export interface PreprocessOptions {
  /** 'photo' finds and flattens the page; 'rendered-page' is already flat. Defaults to 'photo'. */
  kind?: 'photo' | 'rendered-page';
  /** Longest side of the image handed to OCR, pixels. Defaults to 2400. */
  maxSide?: number;
  /** Most pixels an input may have before decoding is refused. Defaults to 40,000,000. */
  maxPixels?: number;
  /** Typical glyph height, pixels, that small or huge text is scaled towards. Defaults to scaleForOcr's default. */
  targetGlyphHeight?: number;
  /** Tuning of the page finder. Defaults to FindPageOptions' defaults. */
  findPage?: FindPageOptions;
  signal?: AbortSignal;
}

export interface PreprocessedPage {
  /** The cleaned page, grayscale, upright and level. */
  image: GrayImage;
  /** Where the ink is on that page (0 ink, 255 paper), same size. */
  mask: GrayImage;
  /** The page's corners in the upright photo's pixels, or null when the whole photo was used. */
  pageQuad: Quad | null;
  skewDeg: number;
  /** True when the text ran top to bottom and the page was turned a quarter clockwise (it may still be upside down). */
  turned: boolean;
  /** Median glyph height before scaling, pixels (0 when no ink was found). */
  glyphHeight: number;
  /** Milliseconds spent per step, for benchmarks. */
  timings: Record<string, number>;
}

/**
 * Turns a page image into what Tesseract reads best: upright (EXIF), the page found and flattened
 * (photos only), light evened out, text lines level, and text at a readable size.
 */
export async function preprocessPage(bytes: Buffer, options: PreprocessOptions = {}): Promise<PreprocessedPage> {
  const kind = options.kind ?? 'photo';
  const maxSide = options.maxSide ?? 2400;
  const timings: Record<string, number> = {};
  let last = performance.now();
  const lap = (name: string): void => {
    options.signal?.throwIfAborted();
    const now = performance.now();
    timings[name] = Math.round(now - last);
    last = now;
  };

  const cv = await loadOpenCv();
  lap('opencv');
  // The working copy keeps headroom above maxSide so the perspective warp has detail to sample.
  const decoded = await decodePhoto(bytes, { maxWorkSide: Math.round(maxSide * 1.5), maxPixels: options.maxPixels });
  lap('decode');

  let page = decoded.work;
  let pageQuad: Quad | null = null;
  if (kind === 'photo') {
    const found = findPage(cv, decoded.analysis, options.findPage);
    lap('find-page');
    if (found) {
      pageQuad = found.quad.map((p) => ({ x: p.x * decoded.analysisScale, y: p.y * decoded.analysisScale })) as Quad;
      page = warpPage(cv, decoded.work, pageQuad, { maxSide });
      lap('warp');
    }
  }
  page = evenLight(cv, page);
  lap('even-light');
  // Lines, skew and text size are measured on an ink mask: plain gray levels miss faint print.
  let mask = inkMask(cv, page);
  const turned = isSideways(mask);
  if (turned) {
    page = rotateQuarter(cv, page, 1);
    mask = rotateQuarter(cv, mask, 1);
  }
  lap('orientation');
  const skewDeg = estimateSkew(mask);
  if (Math.abs(skewDeg) >= 0.2) {
    page = rotateLevel(cv, page, skewDeg);
    mask = rotateLevel(cv, mask, skewDeg);
  }
  lap('deskew');
  const scaled = scaleForOcr(cv, page, mask, { maxSide, targetGlyphHeight: options.targetGlyphHeight });
  lap('scale');
  return { image: scaled.image, mask: scaled.mask, pageQuad, skewDeg, turned, glyphHeight: scaled.glyphHeight, timings };
}

/** Encodes a gray image as PNG for the OCR engine (fast, light compression: it is decoded at once). */
export function encodePng(image: GrayImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
