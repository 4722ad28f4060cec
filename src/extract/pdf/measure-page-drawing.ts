import { getResolvedPDFJS } from 'unpdf';
import type { PDFPageProxy } from 'unpdf/pdfjs';

export interface PageDrawing {
  /** Share of the page's area covered by images, 0..1 (overlaps counted twice, capped at 1). */
  imageShare: number;
  /** Whether the page draws anything at all (images, paths, shadings or text). */
  drawsAnything: boolean;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: readonly number[]): Matrix {
  const [a, b, c, d, e, f] = n as Matrix;
  return [m[0] * a + m[2] * b, m[1] * a + m[3] * b, m[0] * c + m[2] * d, m[1] * c + m[3] * d, m[0] * e + m[2] * f + m[4], m[1] * e + m[3] * f + m[5]];
}

/**
 * How much of a page is pictures, from pdf.js's operator list: an image is drawn into the unit
 * square under the current transform, so its area is that matrix's determinant. A page that is
 * mostly one picture with little text is a scan (often with a scanner app's text stamp), even
 * though it has a text layer.
 */
export async function measurePageDrawing(page: PDFPageProxy): Promise<PageDrawing> {
  const { OPS } = await getResolvedPDFJS();
  const { fnArray, argsArray } = await page.getOperatorList();
  const imageOps = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);
  const drawOps = new Set<number>([
    ...imageOps,
    OPS.paintImageXObjectRepeat,
    OPS.constructPath,
    OPS.fill,
    OPS.eoFill,
    OPS.stroke,
    OPS.fillStroke,
    OPS.shadingFill,
    OPS.showText,
    OPS.showSpacedText,
  ]);
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let imageArea = 0;
  let drawsAnything = false;
  for (let i = 0; i < fnArray.length; i++) {
    const op = fnArray[i]!;
    const args = argsArray[i] as unknown[] | null;
    if (drawOps.has(op)) drawsAnything = true;
    if (op === OPS.save) stack.push(ctm);
    else if (op === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (op === OPS.transform && args) ctm = multiply(ctm, args as number[]);
    else if (op === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const matrix = args?.[0];
      if (Array.isArray(matrix) || ArrayBuffer.isView(matrix)) ctm = multiply(ctm, Array.from(matrix as ArrayLike<number>));
    } else if (op === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (imageOps.has(op)) imageArea += Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
    else if (op === OPS.paintImageXObjectRepeat && args) {
      const [, scaleX, scaleY, positions] = args as [unknown, number, number, ArrayLike<number>];
      imageArea += Math.abs(scaleX * scaleY * (ctm[0] * ctm[3] - ctm[1] * ctm[2])) * Math.floor((positions?.length ?? 0) / 2);
    }
  }
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const pageArea = Math.abs((x1 - x0) * (y1 - y0)) || 1;
  return { imageShare: Math.min(1, imageArea / pageArea), drawsAnything };
}
