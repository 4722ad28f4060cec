import type { Logger } from '../../src/log/logger.js';
import { describeError, isChatGone } from './telegram-errors.js';

/**
 * Replies the update handler sends without waiting for them (settings answers, one-line notices),
 * so a slow or rate-limited Bot API never holds up the update loop. Failures are logged with
 * the update id; stop() waits a bounded time for the ones still in flight.
 */
export class BackgroundSends {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly token: string,
  ) {}

  run(updateId: number, what: string, task: () => Promise<unknown>): void {
    const promise = (async () => {
      try {
        await task();
      } catch (err) {
        const level = isChatGone(err) ? 'info' : 'warn';
        this.logger[level]({ updateId, err: describeError(err, this.token) }, `${what} failed`);
      }
    })();
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  get size(): number {
    return this.pending.size;
  }

  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.pending]), timeout]);
    clearTimeout(timer);
  }
}
