import { InputRefusedError } from '../core/errors.js';
import { openPdf, pdfRefusal } from '../extract/pdf/open-pdf.js';

/**
 * Reads a PDF's page count from its cross-reference table and page tree, without parsing any page
 * content, and refuses it when locked, broken or longer than `maxPages`.
 */
export async function inspectPdf(bytes: Buffer, maxPages: number): Promise<{ pages: number }> {
  const doc = await openPdf(bytes);
  try {
    const pages = doc.numPages;
    if (pages < 1) throw new InputRefusedError('corrupt', 'the PDF has no pages');
    if (pages > maxPages) {
      throw new InputRefusedError('too-many-pages', `the PDF has ${pages} pages, the limit is ${maxPages}`, { pages, limit: maxPages });
    }
    // pdf.js rebuilds a damaged cross-reference table by scanning, so a cut-off file can still
    // "open"; loading the first page's dictionary shows whether the page tree is really there.
    try {
      await doc.getPage(1);
    } catch (err) {
      throw pdfRefusal(err);
    }
    return { pages };
  } finally {
    await doc.destroy();
  }
}
