/**
 * An 8-bit single-channel image in plain memory. Preprocessing steps take and return these so that
 * each step owns (and frees) its own OpenCV Mats: nothing WASM-side outlives the step.
 */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A point in pixel coordinates of some image. */
export interface Point {
  x: number;
  y: number;
}

/** Four corners in the order top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];
