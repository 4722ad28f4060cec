/**
 * Loads OpenCV (compiled to WASM) once per process, on first use. The module is ~10 MB of
 * JavaScript and takes seconds to compile, so nothing imports it eagerly: a service that never
 * sees a photo never pays for it.
 */
import { createRequire } from 'node:module';

export type OpenCv = typeof import('@techstark/opencv-js');

type Module = OpenCv & { onRuntimeInitialized?: () => void; then?: unknown };

let loading: Promise<OpenCv> | undefined;

export function loadOpenCv(): Promise<OpenCv> {
  loading ??= new Promise<OpenCv>((resolve, reject) => {
    try {
      // require, not import(): the Emscripten module object is a thenable, and a dynamic import
      // (or any await) of it never settles under some loaders' interop.
      // opencv.js registers process-wide handlers: one rethrowing every uncaught exception (and
      // printing its 10 MB source with it), one aborting on any unhandled rejection. The service
      // owns its process: those are removed again.
      const before = { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
      const cv = createRequire(import.meta.url)('@techstark/opencv-js') as Module;
      for (const listener of process.listeners('uncaughtException')) {
        if (!before.exception.includes(listener)) process.removeListener('uncaughtException', listener);
      }
      for (const listener of process.listeners('unhandledRejection')) {
        if (!before.rejection.includes(listener)) process.removeListener('unhandledRejection', listener);
      }
      const ready = (): void => {
        delete cv.then;
        resolve(cv);
      };
      if (typeof cv.Mat === 'function' && typeof cv.getBuildInformation === 'function') ready();
      else cv.onRuntimeInitialized = ready;
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
  // A failed load must not poison every later call.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
