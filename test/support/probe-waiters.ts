/**
 * Waiting on a fake server's state without polling: each waitFor keeps its probe here, and the
 * fake calls checkAll() after every change a probe may look at (a call recorded, a failure
 * answered), so a test resumes as soon as what it waits for has happened.
 */
export class ProbeWaiters {
  private readonly checks = new Set<() => void>();

  /** @param serverName Names the fake in the timeout error, e.g. "fake Bot API". */
  constructor(private readonly serverName: string) {}

  /** Runs every waiting probe again. */
  checkAll(): void {
    this.checks.forEach((check) => check());
  }

  /** Resolves with the first truthy value of probe(), checked now and on each checkAll(); rejects after timeoutMs. */
  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
    const first = probe();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.serverName}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.checks.delete(check);
      };
      this.checks.add(check);
    });
  }
}
