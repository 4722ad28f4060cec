/**
 * Runs a synchronous call with console.error silenced. The WASM decoders of the
 * wasm-audio-decoders family print every bad frame to the console as well as returning it; for a
 * hostile file that is thousands of lines in the service's output, and the errors are counted
 * from what the decoders return. JavaScript runs one call at a time, so only that call's own
 * printing is dropped; async decoders' decode() bodies run synchronously up to their return.
 */
export function quietly<T>(call: () => T): T {
  const original = console.error;
  console.error = () => undefined;
  try {
    return call();
  } finally {
    console.error = original;
  }
}
