import sharp, { type Sharp } from 'sharp';
import { InputRefusedError } from '../../core/errors.js';
import type { GrayImage } from './gray-image.js';

export interface DecodePhotoOptions {
  /** Longest side the working copy keeps; larger photos are shrunk while decoding. Defaults to 3600. */
  maxWorkSide?: number;
  /** Longest side of the small copy used to find the page. Defaults to 1000. */
  analysisSide?: number;
  /** Most pixels a photo may have before decoding is refused. Defaults to 40,000,000. */
  maxPixels?: number;
}

export interface DecodedPhoto {
  /** Upright (EXIF orientation applied) grayscale working copy. */
  work: GrayImage;
  /** The same picture shrunk for analysis. */
  analysis: GrayImage;
  /** work size / analysis size. */
  analysisScale: number;
}

async function toGray(pipeline: Sharp): Promise<GrayImage> {
  const { data, info } = await pipeline.grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/**
 * Decodes an image into grayscale: honours the EXIF orientation tag (a phone stores many photos
 * sideways with Orientation=6), shrinks huge photos early, and refuses broken files as 'corrupt'.
 */
export async function decodePhoto(bytes: Buffer, options: DecodePhotoOptions = {}): Promise<DecodedPhoto> {
  const maxWorkSide = options.maxWorkSide ?? 3600;
  const analysisSide = options.analysisSide ?? 1000;
  let work: GrayImage;
  try {
    // failOn 'truncated': a cut-off upload is refused, while harmless warnings some phones'
    // encoders trigger are not.
    work = await toGray(
      sharp(bytes, { failOn: 'truncated', limitInputPixels: options.maxPixels ?? 40_000_000, sequentialRead: true })
        .rotate()
        .resize({ width: maxWorkSide, height: maxWorkSide, fit: 'inside', withoutEnlargement: true }),
    );
  } catch (err) {
    const message = (err as Error).message;
    if (/pixel limit/iu.test(message)) {
      throw new InputRefusedError('too-many-pixels', 'image has more pixels than allowed', { limit: options.maxPixels ?? 40_000_000 });
    }
    throw new InputRefusedError('corrupt', `image could not be decoded: ${message}`);
  }
  if (work.width < 16 || work.height < 16) throw new InputRefusedError('corrupt', `image is ${work.width}x${work.height} pixels`);
  const scale = Math.min(1, analysisSide / Math.max(work.width, work.height));
  const analysis =
    scale < 1
      ? await toGray(
          sharp(work.data, { raw: { width: work.width, height: work.height, channels: 1 } }).resize({
            width: Math.max(1, Math.round(work.width * scale)),
            height: Math.max(1, Math.round(work.height * scale)),
            fit: 'fill',
          }),
        )
      : work;
  return { work, analysis, analysisScale: work.width / analysis.width };
}
