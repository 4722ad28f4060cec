import type yauzl from 'yauzl';
import { InputRefusedError, isInputRefused } from '../core/errors.js';
import type { InputLimits } from '../core/ports.js';

/** A real Word file has tens of parts, a few hundred with many images; more is a hostile archive. */
export const MAX_DOCX_ENTRIES = 5000;

/**
 * Below this many unpacked bytes a part's compression ratio says nothing (a 30 KB run of spaces
 * legitimately packs 300:1) and the part cannot hurt; the total limit still counts it.
 */
export const RATIO_MIN_BYTES = 1 << 20;

/** Compression methods mammoth (JSZip) and yauzl both read: stored and deflate. */
const READABLE_METHODS = new Set([0, 8]);

export interface DocxZipMeasure {
  entries: number;
  uncompressedBytes: number;
}

/**
 * Judges a DOCX from its zip central directory alone, inflating nothing: too many parts, too many
 * unpacked bytes or a part packed implausibly tightly is a zip bomb; a zip without
 * word/document.xml is some other format. The sizes checked here are the ones the archive claims;
 * DocxExtractor inflates through readZipEntries, which holds every part to its claimed size, so a
 * central directory that lies cannot get past both.
 */
export async function inspectDocxZip(
  bytes: Buffer,
  limits: Pick<InputLimits, 'maxDocxUncompressedBytes' | 'maxDocxCompressionRatio'>,
): Promise<DocxZipMeasure> {
  // Imported here, not at the top: only DOCX input needs it, and it stays resident once loaded.
  const { fromBufferPromise } = await import('yauzl');
  let zip: yauzl.ZipFile;
  try {
    zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw new InputRefusedError('corrupt', `zip directory unreadable: ${(err as Error).message}`);
  }
  try {
    if (zip.entryCount > MAX_DOCX_ENTRIES) {
      throw new InputRefusedError('zip-bomb', `zip declares ${zip.entryCount} entries, more than ${MAX_DOCX_ENTRIES}`);
    }
    let total = 0;
    let entries = 0;
    let hasDocument = false;
    try {
      for await (const entry of zip.eachEntry()) {
        entries++;
        total += entry.uncompressedSize;
        if (total > limits.maxDocxUncompressedBytes) {
          throw new InputRefusedError('zip-bomb', `zip unpacks to more than ${limits.maxDocxUncompressedBytes} bytes`);
        }
        if (entry.uncompressedSize >= RATIO_MIN_BYTES) {
          const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
          if (ratio > limits.maxDocxCompressionRatio) {
            throw new InputRefusedError('zip-bomb', `a zip part packs ${Math.round(ratio)}:1, more than ${limits.maxDocxCompressionRatio}:1`);
          }
        }
        if (!READABLE_METHODS.has(entry.compressionMethod) || entry.isEncrypted()) {
          throw new InputRefusedError('corrupt', `zip part uses compression method ${entry.compressionMethod}${entry.isEncrypted() ? ' with encryption' : ''}`);
        }
        if (entry.fileName === 'word/document.xml') hasDocument = true;
      }
    } catch (err) {
      if (isInputRefused(err)) throw err;
      throw new InputRefusedError('corrupt', `zip directory unreadable: ${(err as Error).message}`);
    }
    if (!hasDocument) throw new InputRefusedError('unsupported-type', 'zip archive without word/document.xml');
    return { entries, uncompressedBytes: total };
  } finally {
    zip.close();
  }
}
