import type { OpenCv } from './load-opencv.js';
import type { GrayImage } from './gray-image.js';

type Mat = InstanceType<OpenCv['Mat']>;

/**
 * Collects OpenCV objects made during one step and deletes them all when the step ends. OpenCV's
 * WASM heap is not garbage collected: a Mat left undeleted is leaked for the life of the process.
 */
export class MatScope {
  private readonly owned: Array<{ delete(): void }> = [];

  constructor(readonly cv: OpenCv) {}

  /** Registers an object for deletion at close() and returns it. */
  track<T extends { delete(): void }>(object: T): T {
    this.owned.push(object);
    return object;
  }

  mat(): Mat {
    return this.track(new this.cv.Mat());
  }

  /** Copies a gray image into a new 8-bit single-channel Mat. */
  fromGray(image: GrayImage): Mat {
    return this.track(this.cv.matFromArray(image.height, image.width, this.cv.CV_8UC1, image.data));
  }

  close(): void {
    for (const object of this.owned.splice(0).reverse()) object.delete();
  }
}

/** Copies an 8-bit single-channel Mat out of the WASM heap. */
export function matToGray(mat: Mat): GrayImage {
  return { data: new Uint8Array(mat.data), width: mat.cols, height: mat.rows };
}

/** Runs fn with a fresh scope and always frees what it tracked, also when fn throws. */
export function withMats<T>(cv: OpenCv, fn: (scope: MatScope) => T): T {
  const scope = new MatScope(cv);
  try {
    return fn(scope);
  } finally {
    scope.close();
  }
}
