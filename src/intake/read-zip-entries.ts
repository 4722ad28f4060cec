import type yauzl from 'yauzl';
import { InputRefusedError } from '../core/errors.js';

export interface ReadZipOptions {
  /** Most bytes all kept entries may inflate to together; more is refused as 'zip-bomb'. */
  maxTotalBytes: number;
  /** Which entries to inflate; the others are skipped unread. Defaults to every file entry. */
  keep?: (name: string) => boolean;
  signal?: AbortSignal;
}

/**
 * Inflates a zip's entries with hard caps, so the bytes handed on are exactly the ones that were
 * counted. yauzl (validateEntrySizes) stops an entry the moment it yields more than its central
 * directory entry claims, and the running total stops the archive at `maxTotalBytes`: memory stays
 * bounded even when the directory lies about sizes.
 */
export async function readZipEntries(bytes: Buffer, options: ReadZipOptions): Promise<Map<string, Buffer>> {
  const keep = options.keep ?? (() => true);
  // Imported here, not at the top: only DOCX input needs it, and it stays resident once loaded.
  const { fromBufferPromise } = await import('yauzl');
  let zip: yauzl.ZipFile;
  try {
    zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw new InputRefusedError('corrupt', `zip directory unreadable: ${(err as Error).message}`);
  }
  const out = new Map<string, Buffer>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      options.signal?.throwIfAborted();
      if (entry.fileName.endsWith('/') || !keep(entry.fileName)) continue;
      if (total + entry.uncompressedSize > options.maxTotalBytes) {
        throw new InputRefusedError('zip-bomb', `zip parts unpack to more than ${options.maxTotalBytes} bytes`);
      }
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > options.maxTotalBytes) {
          stream.destroy();
          throw new InputRefusedError('zip-bomb', `zip parts unpack to more than ${options.maxTotalBytes} bytes`);
        }
        chunks.push(chunk);
      }
      out.set(entry.fileName, Buffer.concat(chunks));
    }
  } catch (err) {
    throw zipRefusal(err);
  } finally {
    zip.close();
  }
  return out;
}

function zipRefusal(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const kind = (err as { kind?: unknown }).kind;
  const name = (err as { name?: unknown }).name;
  if (kind === 'input-refused' || name === 'AbortError' || name === 'TimeoutError') return err;
  const message = String((err as { message?: unknown }).message);
  // yauzl's words for an entry that inflates past the size its directory entry claims.
  if (/too many bytes in the stream/.test(message)) {
    return new InputRefusedError('zip-bomb', 'a zip part inflates to more than its declared size');
  }
  return new InputRefusedError('corrupt', `zip part unreadable: ${message}`);
}
