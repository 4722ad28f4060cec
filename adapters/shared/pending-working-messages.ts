import type { JobSteps } from '../../src/core/job.js';
import type { ReplyChannel } from '../../src/core/reply-channel.js';
import { sendWorkingMessage } from './job-notices.js';

/**
 * Each job's first "working on it" message, as its accepted hook sends it. The hook and run()
 * get separate JobSteps objects, and run() may start before the hook's send has returned, so
 * run() (and failed()) wait for that send here: the user never gets two such messages. A failed
 * send never rejects: it resolves to what `onFailure` makes of the error (null, or a platform's
 * own marker), so the job goes on and its reply is never lost to a "working" message.
 */
export class PendingWorkingMessages<Failure = null> {
  private readonly sending = new Map<string, Promise<string | Failure>>();

  /** Sends the message as the job's 'progress' step and keeps the send for run() and failed(). */
  async send(jobId: string, steps: JobSteps, channel: ReplyChannel, allWorkersBusy: boolean | undefined, onFailure: (err: unknown) => Failure): Promise<void> {
    const sending = sendWorkingMessage(steps, channel, allWorkersBusy).catch(onFailure);
    this.sending.set(jobId, sending);
    await sending;
  }

  /** The hook's send in this process, or undefined when no hook ran here (a restart, a retry after forget). */
  pending(jobId: string): Promise<string | Failure> | undefined {
    return this.sending.get(jobId);
  }

  /** The message's handle, onFailure's value, or null when no hook ran here. */
  async result(jobId: string): Promise<string | Failure | null> {
    return (await this.sending.get(jobId)) ?? null;
  }

  forget(jobId: string): void {
    this.sending.delete(jobId);
  }
}
