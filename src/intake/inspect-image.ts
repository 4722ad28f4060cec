import sharp, { type Metadata } from 'sharp';
import { InputRefusedError } from '../core/errors.js';

export interface ImageMeasure {
  width: number;
  height: number;
  pixels: number;
}

/**
 * Reads an image's size from its header (sharp's metadata() parses headers only, it does not
 * decode pixels), so a decompression bomb - a small file declaring a huge canvas - is refused
 * before anything allocates for it.
 */
export async function inspectImage(bytes: Buffer, maxPixels: number): Promise<ImageMeasure> {
  let meta: Metadata;
  try {
    // sharp applies its own pixel limit even to metadata(); ours is checked below, with the
    // configured value and a refusal the user understands.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new InputRefusedError('corrupt', `image header unreadable: ${(err as Error).message}`);
  }
  const { width, height } = meta;
  if (!width || !height) throw new InputRefusedError('corrupt', 'image header has no size');
  const pixels = width * height;
  // An animated image decodes every frame; count them all against the limit.
  const frames = Math.max(1, meta.pages ?? 1);
  const frameHeight = meta.pageHeight && frames > 1 ? meta.pageHeight : height;
  const total = width * frameHeight * frames;
  if (pixels > maxPixels || total > maxPixels) {
    throw new InputRefusedError('too-many-pixels', `image declares ${width}x${height}x${frames} pixels, the limit is ${maxPixels}`, {
      pixels: Math.max(pixels, total),
      limit: maxPixels,
    });
  }
  return { width, height: frameHeight, pixels: width * frameHeight };
}
