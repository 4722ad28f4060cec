import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isInputRefused } from '../../src/core/errors.js';
import { decodePhoto } from '../../src/extract/image/decode-photo.js';
import { estimateSkew } from '../../src/extract/image/deskew.js';
import { evenLight } from '../../src/extract/image/even-light.js';
import type { GrayImage } from '../../src/extract/image/gray-image.js';
import { inkMask } from '../../src/extract/image/ink-mask.js';
import { loadOpenCv, type OpenCv } from '../../src/extract/image/load-opencv.js';
import { pickProbeLines } from '../../src/extract/image/pick-probe-lines.js';
import { preprocessPage } from '../../src/extract/image/preprocess-page.js';
import { isSideways } from '../../src/extract/image/quarter-turn.js';
import { characterErrorRate, degradeLikePhoto, renderPage, SAMPLE_TEXTS } from '../../scripts/fixtures/page-photo.js';

async function gray(png: Buffer, rotate = 0): Promise<GrayImage> {
  const { data, info } = await sharp(png).rotate(rotate, { background: '#ffffff' }).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

const maxCornerError = (found: Array<{ x: number; y: number }>, truth: Array<{ x: number; y: number }>): number =>
  Math.max(...found.map((p, i) => Math.hypot(p.x - truth[i]!.x, p.y - truth[i]!.y)));

let cv: OpenCv;
let page: Buffer;

beforeAll(async () => {
  cv = await loadOpenCv();
  page = renderPage(SAMPLE_TEXTS.en!, { language: 'en' }).png;
});

describe('page finding', () => {
  it('finds the page lying on a table, near its true corners', async () => {
    const photo = await degradeLikePhoto(page, { seed: 3, maxRotationDeg: 6, keystone: 0.1 });
    const pre = await preprocessPage(photo.jpeg, { kind: 'photo' });
    expect(pre.pageQuad).not.toBeNull();
    // Measured 3-7 px on 1536x2048 photos over 16 seeds; 1% of the diagonal (26 px) is the bound.
    expect(maxCornerError(pre.pageQuad!, photo.corners)).toBeLessThan(26);
  });

  it('finds the page on a light desk of little contrast', async () => {
    const photo = await degradeLikePhoto(page, { seed: 8, background: 'light' });
    const pre = await preprocessPage(photo.jpeg, { kind: 'photo' });
    expect(pre.pageQuad).not.toBeNull();
    expect(maxCornerError(pre.pageQuad!, photo.corners)).toBeLessThan(26);
  });

  it('honours the EXIF orientation before looking for the page', async () => {
    const photo = await degradeLikePhoto(page, { seed: 5, exifOrientation: 6 });
    const stored = await sharp(photo.jpeg).metadata();
    expect([stored.width, stored.height, stored.orientation]).toEqual([2048, 1536, 6]);
    const decoded = await decodePhoto(photo.jpeg);
    expect(decoded.work.width).toBeLessThan(decoded.work.height);
    const pre = await preprocessPage(photo.jpeg, { kind: 'photo' });
    expect(maxCornerError(pre.pageQuad!, photo.corners)).toBeLessThan(26);
  });

  it('falls back to the whole photo when the page fills the frame', async () => {
    const photo = await degradeLikePhoto(page, { seed: 21, pageFraction: 1.08, maxRotationDeg: 2 });
    const pre = await preprocessPage(photo.jpeg, { kind: 'photo' });
    expect(pre.pageQuad).toBeNull();
    expect(Math.max(pre.image.width, pre.image.height)).toBeLessThanOrEqual(2400);
  });

  it('keeps the flattened page within maxSide', async () => {
    const photo = await degradeLikePhoto(page, { seed: 4 });
    const pre = await preprocessPage(photo.jpeg, { kind: 'photo', maxSide: 1200 });
    expect(Math.max(pre.image.width, pre.image.height)).toBeLessThanOrEqual(1200);
    expect(pre.mask.width).toBe(pre.image.width);
  });
});

describe('cleaning the page', () => {
  it('measures the skew of tilted text lines', async () => {
    // sharp turns clockwise for a positive angle: lines then fall to the right, a positive skew.
    const tilted = inkMask(cv, await gray(page, 3));
    expect(estimateSkew(tilted)).toBeCloseTo(3, 0);
    const level = inkMask(cv, await gray(page));
    expect(Math.abs(estimateSkew(level))).toBeLessThan(0.3);
  });

  it('tells text that runs top to bottom', async () => {
    expect(isSideways(inkMask(cv, await gray(page)))).toBe(false);
    expect(isSideways(inkMask(cv, await gray(page, 90)))).toBe(true);
  });

  it('evens out a shadow across the page', async () => {
    const image = await gray(page);
    // Darken the lower half to 55%, as a hand's shadow does.
    const shaded = { ...image, data: image.data.map((v, i) => (i >= image.data.length / 2 ? v * 0.55 : v)) };
    const paperAt = (img: GrayImage, y: number): number => img.data[y * img.width + 20]!;
    expect(paperAt(shaded, 50) - paperAt(shaded, image.height - 50)).toBeGreaterThan(80);
    const even = evenLight(cv, shaded);
    expect(Math.abs(paperAt(even, 50) - paperAt(even, image.height - 50))).toBeLessThan(12);
  });

  it('samples two body lines of text, and none from a blank page', async () => {
    const image = await gray(page);
    const sample = pickProbeLines(image, inkMask(cv, image));
    expect(sample).not.toBeNull();
    // Two lines of 28 px type with padding: far shorter than the page, most of its width.
    expect(sample!.height).toBeGreaterThan(60);
    expect(sample!.height).toBeLessThan(200);
    expect(sample!.width).toBeGreaterThan(image.width * 0.6);
    const blank = await gray(renderPage('', { language: 'en' }).png);
    expect(pickProbeLines(blank, inkMask(cv, blank))).toBeNull();
  });
});

describe('broken input', () => {
  it('refuses a truncated JPEG as corrupt', async () => {
    const photo = await degradeLikePhoto(page, { seed: 2 });
    const cut = photo.jpeg.subarray(0, Math.floor(photo.jpeg.length * 0.6));
    const err = await decodePhoto(cut).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('corrupt');
  });

  it('refuses bytes that are no image as corrupt', async () => {
    const err = await decodePhoto(Buffer.from('GIF89a not really an image at all')).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('corrupt');
  });

  it('refuses an image over the pixel limit before decoding it', async () => {
    const err = await decodePhoto(page, { maxPixels: 1000 }).catch((e: unknown) => e);
    expect(isInputRefused(err) && err.code).toBe('too-many-pixels');
  });
});

describe('fixtures', () => {
  it('are deterministic for a seed and differ between seeds', async () => {
    const small = { width: 600, height: 800 };
    const a = await degradeLikePhoto(page, { seed: 9, ...small });
    const b = await degradeLikePhoto(page, { seed: 9, ...small });
    const c = await degradeLikePhoto(page, { seed: 10, ...small });
    expect(a.jpeg.equals(b.jpeg)).toBe(true);
    expect(a.jpeg.equals(c.jpeg)).toBe(false);
  });

  it('score text by character error rate', () => {
    expect(characterErrorRate('a  b\nc', 'a b c')).toBe(0);
    expect(characterErrorRate('abcd', 'abed')).toBe(0.25);
  });
});
