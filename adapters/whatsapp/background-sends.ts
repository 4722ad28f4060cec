import type { Logger } from '../../src/log/logger.js';
import { BackgroundTasks } from '../shared/background-tasks.js';
import { describeGraphError } from './graph-api-error.js';

/**
 * Answers the webhook sends without a job (settings lists, one-line notices), so a slow or
 * rate-limited Graph API never holds up the webhook's 200. Each task's sends run in order;
 * failures are logged with the message id; stop() waits a bounded time for those in flight.
 */
export class BackgroundSends {
  private readonly tasks = new BackgroundTasks();

  constructor(
    private readonly logger: Logger,
    private readonly token: string,
  ) {}

  run(messageId: string, what: string, task: () => Promise<unknown>): void {
    this.tasks.run(task, (err) => this.logger.warn({ messageId, err: describeGraphError(err, this.token) }, `${what} failed`));
  }

  drain(timeoutMs: number): Promise<void> {
    return this.tasks.drain(timeoutMs);
  }
}
