import { fileTypeFromBuffer } from 'file-type';
import { sniffAudioContainer, type AudioContainer } from '../audio/audio-format.js';

/** The container a file's bytes open with; names and claimed MIME types are never consulted. */
export type SniffedFormat =
  | { format: 'pdf' }
  | { format: 'zip' }
  /** A voice note or audio file: Ogg, WebM, WAV, MP3, FLAC or MP4/M4A (the codec is read later). */
  | { format: 'audio'; container: AudioContainer }
  | { format: 'image'; mime: 'image/jpeg' | 'image/png' | 'image/webp' }
  /** Not one of ours by its signature: it may still be text, which has no signature. */
  | { format: 'unknown'; detected?: string };

const IMAGE_MIMES: Record<string, 'image/jpeg' | 'image/png' | 'image/webp'> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  apng: 'image/png',
  webp: 'image/webp',
};

/** Acrobat accepts the header anywhere in the first kilobyte, and pdf.js does too. */
const PDF_HEADER_WINDOW = 1024;

/**
 * "%PDF-" at the start, or later in the first kilobyte (after a mail gateway's or scanner's junk)
 * when the file also ends like a PDF - so a text note that merely mentions "%PDF-1.4" stays text.
 */
function looksLikePdf(bytes: Buffer): boolean {
  const at = bytes.subarray(0, PDF_HEADER_WINDOW).indexOf('%PDF-');
  if (at === 0) return true;
  if (at < 0) return false;
  const tail = bytes.subarray(Math.max(0, bytes.length - PDF_HEADER_WINDOW));
  return tail.includes('%%EOF') || tail.includes('startxref');
}

/** Tells the format from the first bytes, with file-type for the signatures it knows. */
export async function sniffFormat(bytes: Buffer): Promise<SniffedFormat> {
  if (looksLikePdf(bytes)) return { format: 'pdf' };
  // Local file header or, for an empty archive, the end-of-directory record.
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))) {
    return { format: 'zip' };
  }
  const audio = sniffAudioContainer(bytes);
  if (audio) return { format: 'audio', container: audio };
  const type = await fileTypeFromBuffer(bytes);
  if (!type) return { format: 'unknown' };
  const imageMime = IMAGE_MIMES[type.ext];
  if (imageMime) return { format: 'image', mime: imageMime };
  return { format: 'unknown', detected: type.ext };
}
