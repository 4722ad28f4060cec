import type { Logger } from '../../src/log/logger.js';
import { BackgroundTasks } from '../shared/background-tasks.js';
import { describeError, isChatGone } from './telegram-errors.js';

/**
 * Replies the update handler sends without waiting for them (settings answers, one-line notices),
 * so a slow or rate-limited Bot API never holds up the update loop. Failures are logged with
 * the update id; stop() waits a bounded time for the ones still in flight.
 */
export class BackgroundSends {
  private readonly tasks = new BackgroundTasks();

  constructor(
    private readonly logger: Logger,
    private readonly token: string,
  ) {}

  run(updateId: number, what: string, task: () => Promise<unknown>): void {
    this.tasks.run(task, (err) => {
      const level = isChatGone(err) ? 'info' : 'warn';
      this.logger[level]({ updateId, err: describeError(err, this.token) }, `${what} failed`);
    });
  }

  get size(): number {
    return this.tasks.size;
  }

  drain(timeoutMs: number): Promise<void> {
    return this.tasks.drain(timeoutMs);
  }
}
