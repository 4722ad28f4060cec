import type { Logger } from '../../src/log/logger.js';
import { describeGraphError } from './graph-api-error.js';

/**
 * Answers the webhook sends without a job (settings lists, one-line notices), so a slow or
 * rate-limited Graph API never holds up the webhook's 200. Each task's sends run in order;
 * failures are logged with the message id; stop() waits a bounded time for those in flight.
 */
export class BackgroundSends {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly token: string,
  ) {}

  run(messageId: string, what: string, task: () => Promise<unknown>): void {
    const promise = (async () => {
      try {
        await task();
      } catch (err) {
        this.logger.warn({ messageId, err: describeGraphError(err, this.token) }, `${what} failed`);
      }
    })();
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.pending]), timeout]);
    clearTimeout(timer);
  }
}
