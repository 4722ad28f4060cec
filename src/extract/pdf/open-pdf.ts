import './pdfjs-node20.js';
import { createIsomorphicCanvasFactory, getDocumentProxy } from 'unpdf';
import type { PDFDocumentProxy } from 'unpdf/pdfjs';
import { InputRefusedError } from '../../core/errors.js';

/** pdf.js's VerbosityLevel.ERRORS: its warnings about odd but readable files are not ours to print. */
const ERRORS_ONLY = 0;

/**
 * Largest image, in pixels, pdf.js will decode inside a page. A PDF can wrap a decompression bomb
 * in an image stream; above this pdf.js skips the image instead of allocating for it.
 */
export const MAX_PDF_IMAGE_PIXELS = 40_000_000;

/** @napi-rs/canvas, the canvas pdf.js draws on in Node. */
export const importCanvas = () => import('@napi-rs/canvas');

/**
 * Opens a PDF with pdf.js (through unpdf), turning its failures into refusals: a password gives
 * 'encrypted', anything unparsable 'corrupt'. The caller owns the document and must destroy() it.
 * `forRendering` gives pdf.js a Node canvas for the scratch canvases it draws masks and patterns on.
 */
export async function openPdf(bytes: Buffer, options: { forRendering?: boolean } = {}): Promise<PDFDocumentProxy> {
  const CanvasFactory = options.forRendering ? await createIsomorphicCanvasFactory(importCanvas) : undefined;
  try {
    // A copy, because pdf.js may take over (detach) the buffer it is given.
    return await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: ERRORS_ONLY,
      isEvalSupported: false,
      maxImageSize: MAX_PDF_IMAGE_PIXELS,
      enableXfa: false,
      ...(CanvasFactory ? { CanvasFactory } : {}),
    });
  } catch (err) {
    throw pdfRefusal(err);
  }
}

/** The refusal a pdf.js error stands for. */
export function pdfRefusal(err: unknown): InputRefusedError {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'PasswordException') return new InputRefusedError('encrypted', 'the PDF needs a password');
  return new InputRefusedError('corrupt', `pdf.js could not parse the PDF (${typeof name === 'string' ? name : 'unknown error'})`);
}
