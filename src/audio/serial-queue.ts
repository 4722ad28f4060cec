/**
 * Runs async jobs one at a time, in the order they were queued. The WASM engines here (espeak-ng,
 * libav.js) are single instances with global state (the current voice, the write callback), so
 * two jobs interleaving at an await would corrupt each other. A failed job does not stop the queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
