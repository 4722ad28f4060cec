/**
 * Work an adapter starts without waiting for it (replies sent outside a job), kept track of so
 * stop() can give what is still in flight a bounded time to finish. What a failure means is the
 * platform's to say, so each task comes with its own error handler.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();

  /** Starts task now; a failure goes to onError, never back to the caller. */
  run(task: () => Promise<unknown>, onError: (err: unknown) => void): void {
    const promise = (async () => {
      try {
        await task();
      } catch (err) {
        onError(err);
      }
    })();
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  /** How many are still in flight. */
  get size(): number {
    return this.pending.size;
  }

  /** Waits for those in flight, or timeoutMs, whichever comes first. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.pending]), timeout]);
    clearTimeout(timer);
  }
}
