import type { PDFDocumentProxy, PDFPageProxy } from 'unpdf/pdfjs';
import { InputRefusedError, isAbortError, isInputRefused } from '../../core/errors.js';
import type { AcceptedInput, ExtractedText, ExtractOptions, ExtractionMethod, ImageTextReader, InputKind, TextExtractor, UnsureNumber } from '../../core/ports.js';
import { detectLanguage } from '../../text/detect-language.js';
import { assemblePageText, type PositionedText } from './assemble-page-text.js';
import { assessTextLayer, BROKEN_LAYER_EXPLANATIONS } from './assess-text-layer.js';
import { measurePageDrawing } from './measure-page-drawing.js';
import { openPdf } from './open-pdf.js';
import { renderPage } from './render-page.js';

export interface PdfExtractorOptions {
  /** Reads pages that have no usable text layer, after they are drawn to PNG. */
  reader: ImageTextReader;
  /** Resolution pages are drawn at for OCR; 200 dpi keeps 9 pt print legible to Tesseract. Defaults to 200. */
  renderDpi?: number;
  /** Most pixels a drawn page may have; bigger pages are drawn at a lower resolution. Defaults to 12,000,000 (A4 at 350 dpi). */
  maxRenderPixels?: number;
  /**
   * A page with fewer letters than this whose area is at least half images is treated as a scan
   * (the letters are a scanner app's stamp or a caption). Defaults to 200.
   */
  sparseTextLetters?: number;
  /** Longest one page may take to draw for OCR before it is skipped as unreadable. Defaults to 60,000 ms. */
  renderTimeoutMs?: number;
}

type PageOutcome =
  | { via: 'text'; text: string }
  | { via: 'ocr'; text: string; language: string; unsureNumbers: UnsureNumber[] }
  | { via: 'blank' }
  | { via: 'unreadable' };

/**
 * Extracts a PDF page by page: the text layer where it is usable, OCR of the drawn page where
 * it is missing (scans) or broken (see assessTextLayer). Warnings name each OCRed or skipped page
 * and why, never the text.
 */
export class PdfExtractor implements TextExtractor {
  readonly kinds: readonly InputKind[] = ['pdf'];
  private readonly reader: ImageTextReader;
  private readonly renderDpi: number;
  private readonly maxRenderPixels: number;
  private readonly sparseTextLetters: number;
  private readonly renderTimeoutMs: number;

  constructor(options: PdfExtractorOptions) {
    this.reader = options.reader;
    this.renderDpi = options.renderDpi ?? 200;
    this.maxRenderPixels = options.maxRenderPixels ?? 12_000_000;
    this.sparseTextLetters = options.sparseTextLetters ?? 200;
    this.renderTimeoutMs = options.renderTimeoutMs ?? 60_000;
  }

  async extract(input: AcceptedInput, options: ExtractOptions): Promise<ExtractedText> {
    const hint = options.sourceLanguage === 'auto' ? undefined : options.sourceLanguage;
    const doc = await openPdf(input.bytes, { forRendering: true });
    const warnings: string[] = [];
    const texts: string[] = [];
    const count = { text: 0, ocr: 0, unreadable: 0 };
    let ocrLanguage = 'und';
    // Numbers OCR was unsure of on drawn pages, each with its page: the reply asks to check them.
    const unsureNumbers: UnsureNumber[] = [];
    const pages = doc.numPages;
    try {
      for (let n = 1; n <= pages; n++) {
        options.signal?.throwIfAborted();
        const outcome = await this.extractPage(doc, n, options, warnings);
        if (outcome.via === 'unreadable') {
          count.unreadable++;
          warnings.push(`page ${n} skipped: it could not be read`);
        } else if (outcome.via === 'text') {
          count.text++;
          if (outcome.text) texts.push(outcome.text);
        } else if (outcome.via === 'ocr') {
          count.ocr++;
          if (outcome.text) texts.push(outcome.text);
          if (outcome.language !== 'und') ocrLanguage = outcome.language;
          unsureNumbers.push(...outcome.unsureNumbers.map((u) => ({ ...u, page: n })));
        }
      }
    } finally {
      await doc.destroy();
    }
    if (count.unreadable === pages) throw new InputRefusedError('corrupt', 'no page of the PDF could be read');
    const text = texts.join('\n\n');
    if (!text.trim()) throw new InputRefusedError('no-text-found', 'the PDF has no text layer and OCR found no text');
    const detected = detectLanguage(text, hint);
    const language = detected === 'und' ? ocrLanguage : detected;
    const method: ExtractionMethod = count.ocr === 0 ? 'pdf-text' : count.text === 0 ? 'pdf-ocr' : 'pdf-mixed';
    return { text, language, method, warnings, ...(unsureNumbers.length ? { unsureNumbers } : {}) };
  }

  /** Reads one page's text layer, or draws the page and has the reader OCR it. */
  private async extractPage(doc: PDFDocumentProxy, n: number, options: ExtractOptions, warnings: string[]): Promise<PageOutcome> {
    let png: Buffer;
    let ocrReason: string;
    let page: PDFPageProxy | undefined;
    try {
      page = await doc.getPage(n);
      const text = await readTextLayer(page);
      const verdict = assessTextLayer(text);
      let reason: string | null = null;
      if (!verdict.usable && verdict.reason !== 'no-text') {
        reason = BROKEN_LAYER_EXPLANATIONS[verdict.reason!];
      } else if (verdict.letters < this.sparseTextLetters) {
        const drawing = await measurePageDrawing(page);
        if (verdict.letters === 0 && !drawing.drawsAnything) return { via: 'blank' };
        if (verdict.letters === 0) reason = BROKEN_LAYER_EXPLANATIONS['no-text'];
        else if (drawing.imageShare >= 0.5) reason = 'page is a scanned image with little text';
      }
      if (reason === null) return { via: 'text', text };
      ocrReason = reason;
      const rendered = await renderPage(doc, n, {
        dpi: this.renderDpi,
        maxPixels: this.maxRenderPixels,
        timeoutMs: this.renderTimeoutMs,
        signal: options.signal,
      });
      png = rendered.png;
    } catch (err) {
      // pdf.js could not parse or draw this page in time; the other pages may still be fine.
      options.signal?.throwIfAborted();
      if (isAbortError(err) || isInputRefused(err)) throw err;
      return { via: 'unreadable' };
    } finally {
      page?.cleanup();
    }
    // Reader failures are ours (OCR engine), not the file's: they propagate.
    const result = await this.reader.read(png, { kind: 'rendered-page', sourceLanguage: options.sourceLanguage, signal: options.signal });
    warnings.push(`page ${n} OCRed: ${ocrReason}`);
    return { via: 'ocr', text: result.text.trim(), language: result.language, unsureNumbers: result.unsureNumbers ?? [] };
  }
}

/** The page's text layer as paragraphs. */
async function readTextLayer(page: PDFPageProxy): Promise<string> {
  const content = await page.getTextContent();
  const items = content.items.filter((item): item is PositionedText & typeof item => 'str' in item);
  return assemblePageText(items);
}
