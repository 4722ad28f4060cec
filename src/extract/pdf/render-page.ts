import { createIsomorphicCanvasFactory } from 'unpdf';
import type { PDFDocumentProxy } from 'unpdf/pdfjs';
import { importCanvas } from './open-pdf.js';

export interface RenderOptions {
  dpi: number;
  /** Most pixels the drawing may have; a larger page is drawn at a lower resolution instead. */
  maxPixels: number;
  /** Longest one page may take to draw before it is given up as unreadable. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RenderedPage {
  png: Buffer;
  width: number;
  height: number;
  dpi: number;
}

/**
 * Draws one page to a PNG with pdf.js on @napi-rs/canvas. The resolution is capped by pixel
 * count, because a PDF page can declare any size (a 5 m poster at 200 dpi would be 1.5 GB of
 * RGBA), and the drawing is cancelled on abort or after `timeoutMs`, because a hostile content
 * stream can keep pdf.js busy indefinitely. Written against pdf.js rather than unpdf's
 * renderPageAsImage for exactly that: the helper does not expose the render task to cancel.
 */
export async function renderPage(doc: PDFDocumentProxy, pageNumber: number, options: RenderOptions): Promise<RenderedPage> {
  const CanvasFactory = await createIsomorphicCanvasFactory(importCanvas);
  const page = await doc.getPage(pageNumber);
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(options.dpi / 72, Math.sqrt(options.maxPixels / Math.max(1, base.width * base.height)));
  const viewport = page.getViewport({ scale });
  const factory = new CanvasFactory();
  const drawing = factory.create(Math.floor(viewport.width), Math.floor(viewport.height));
  const { canvas, context } = drawing;
  try {
    // White first: pdf.js leaves unpainted areas transparent, which OCR would read as black.
    const task = page.render({ canvas: canvas as never, canvasContext: context as never, viewport, background: 'white' });
    const stop = (): void => task.cancel();
    options.signal?.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(stop, options.timeoutMs);
    try {
      await task.promise;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
    }
    options.signal?.throwIfAborted();
    if (!('encode' in canvas)) throw new Error('expected a @napi-rs/canvas canvas');
    const png = await canvas.encode('png');
    return { png, width: canvas.width, height: canvas.height, dpi: scale * 72 };
  } finally {
    factory.destroy(drawing);
  }
}
