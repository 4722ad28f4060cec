import type { JobSteps } from '../../src/core/job.js';
import { message } from '../../src/core/messages.js';
import type { ReplyChannel } from '../../src/core/reply-channel.js';

/**
 * The two messages every chat job sends around its work, as job steps so a retried or restarted
 * job never sends them twice. Each platform's handler decides what to do when they fail.
 */

/** The first "working on it" (or, when every worker is taken, "you are in line") message; resolves with its handle. */
export function sendWorkingMessage(steps: JobSteps, channel: ReplyChannel, allWorkersBusy: boolean | undefined): Promise<string> {
  const key = allWorkersBusy ? 'progress.queued' : 'progress.working';
  return steps.once('progress', () => channel.sendProgress(message(channel.uiLanguage, key)));
}

/** The apology for a job given up. */
export function sendFailureApology(steps: JobSteps, channel: ReplyChannel): Promise<void> {
  return steps.once('apology', () => channel.sendNotice(message(channel.uiLanguage, 'error.failed-apology')));
}
