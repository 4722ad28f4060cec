import { InputRefusedError } from '../core/errors.js';
import type { AcceptedInput, ExtractedText, ExtractOptions, InputKind, TextExtractor } from '../core/ports.js';
import { readZipEntries } from '../intake/read-zip-entries.js';
import { writeStoredZip } from '../intake/write-stored-zip.js';
import { detectLanguage } from '../text/detect-language.js';

export interface DocxExtractorOptions {
  /** Most bytes the document's XML parts may inflate to; more is refused as 'zip-bomb'. Defaults to 100,000,000 (MAX_DOCX_UNCOMPRESSED_BYTES). */
  maxUncompressedBytes?: number;
}

// The parts mammoth reads for raw text are all XML (document, styles, numbering, notes) or
// relationships; media and embedded objects are left packed.
const TEXT_PARTS = /\.(?:xml|rels)$/i;

/**
 * Text of a Word (DOCX) file, one paragraph per blank-line-separated block, via mammoth.
 *
 * mammoth unzips with JSZip, which inflates a part completely before comparing it with its
 * declared size, so a central directory that understates a part would be a zip bomb there.
 * The parts are therefore inflated first by readZipEntries (each held to its declared size,
 * all together to the limit) and handed to mammoth re-packed uncompressed: mammoth gets exactly
 * the bytes that were counted and has nothing left to inflate.
 */
export class DocxExtractor implements TextExtractor {
  readonly kinds: readonly InputKind[] = ['docx'];
  private readonly maxUncompressedBytes: number;

  constructor(options: DocxExtractorOptions = {}) {
    this.maxUncompressedBytes = options.maxUncompressedBytes ?? 100_000_000;
  }

  async extract(input: AcceptedInput, options: ExtractOptions): Promise<ExtractedText> {
    const parts = await readZipEntries(input.bytes, {
      maxTotalBytes: this.maxUncompressedBytes,
      keep: (name) => TEXT_PARTS.test(name),
      signal: options.signal,
    });
    if (!parts.has('word/document.xml')) throw new InputRefusedError('unsupported-type', 'zip archive without word/document.xml');
    options.signal?.throwIfAborted();
    const mammoth = await loadMammoth();
    let raw: string;
    try {
      raw = (await mammoth.extractRawText({ buffer: writeStoredZip(parts) })).value;
    } catch (err) {
      throw new InputRefusedError('corrupt', `mammoth could not read the document: ${(err as Error).message}`);
    }
    const text = raw
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(/[ \t\u00A0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (!text) throw new InputRefusedError('no-text-found', 'the document has no text');
    const hint = options.sourceLanguage === 'auto' ? undefined : options.sourceLanguage;
    return { text, language: detectLanguage(text, hint), method: 'docx', warnings: [] };
  }
}

/** mammoth (~14 MB resident once loaded) is imported with the first DOCX, not with the pipeline. */
async function loadMammoth(): Promise<typeof import('mammoth')> {
  return (await import('mammoth')).default;
}
