import type { Logger } from '../../src/log/logger.js';
import { answerChatRequest, type ChatRequest } from '../../src/core/answer-chat-request.js';
import type { JobHandler, JobRecord, JobSteps } from '../../src/core/job.js';
import type { PipelineRunner } from '../../src/core/pipeline.js';
import { withKnownStep } from '../shared/job-steps.js';
import { sendFailureApology } from '../shared/job-notices.js';
import { PendingWorkingMessages } from '../shared/pending-working-messages.js';
import { replyExtras } from '../shared/reply-extras.js';
import { TempFiles } from '../shared/temp-files.js';
import type { GraphApi } from './graph-api.js';
import { describeGraphError, isGraphApiError } from './graph-api-error.js';
import { WHATSAPP_TEMP_PREFIX, type WhatsAppJobPayload } from './whatsapp-job.js';
import type { WhatsAppMediaFetcher } from './whatsapp-media-fetcher.js';
import { WhatsAppReplyChannel } from './whatsapp-reply-channel.js';

export interface WhatsAppJobHandlerOptions {
  api: GraphApi;
  pipeline: PipelineRunner;
  fetcher: WhatsAppMediaFetcher;
  tempDir: string;
  logger: Logger;
  token: string;
  /** True when every worker is taken, so the first message says "you are in line". Defaults to never. */
  isBusy?: () => boolean;
  /** How often the typing indicator is renewed; WhatsApp shows it up to 25 s. Defaults to 20000 ms. */
  typingEveryMs?: number;
}

/**
 * Runs a WhatsApp job: as soon as it is accepted, the user's message is marked read with the
 * typing indicator and a short "working on it" text goes out; then the download (only now,
 * inside the job), the pipeline, the reply parts and the voice note. A message WhatsApp will
 * not deliver (131047: the user last wrote more than 24 hours ago) fails the job for good:
 * the queue parks it with that reason, and nobody is sent an apology that cannot arrive.
 */
export class WhatsAppJobHandler implements JobHandler<WhatsAppJobPayload> {
  /** Dropped as soon as run() starts: WhatsApp messages cannot be edited, so failed() has no use for the handle. */
  private readonly working = new PendingWorkingMessages();

  constructor(private readonly options: WhatsAppJobHandlerOptions) {}

  async accepted(job: JobRecord<WhatsAppJobPayload>, steps: JobSteps): Promise<void> {
    const { payload } = job;
    const channel = this.channel(payload);
    // Blue ticks and "typing…" at once, side by side with the text: neither waits for the other.
    void this.options.api.markRead(payload.messageId, true).catch((err: unknown) => this.log(job, err, 'could not mark the message read'));
    await this.working.send(job.id, steps, channel, this.options.isBusy?.(), (err) => {
      this.log(job, err, 'could not send the working message');
      return null;
    });
  }

  async run(job: JobRecord<WhatsAppJobPayload>, steps: JobSteps, signal: AbortSignal): Promise<void> {
    const { payload } = job;
    const channel = this.channel(payload);
    const temp = new TempFiles(this.options.tempDir, WHATSAPP_TEMP_PREFIX);
    const handle = await this.working.result(job.id);
    this.working.forget(job.id);
    const input = payload.input;
    const request: ChatRequest = {
      input: input.kind === 'text' ? { kind: 'text', text: input.text } : { kind: 'file', fetch: (s) => this.options.fetcher.fetch(input.mediaId, temp, s) },
      grade: payload.grade,
      targetLanguage: payload.targetLanguage,
      sourceLanguage: 'auto',
      ...(payload.subject ? { subject: payload.subject } : {}),
      ...(input.kind === 'media' && input.fileName ? { sourceName: input.fileName } : {}),
    };
    try {
      await answerChatRequest(request, {
        pipeline: this.options.pipeline,
        channel,
        steps: handle === null ? steps : withKnownStep(steps, 'progress', handle),
        signal,
        chatActionEveryMs: this.options.typingEveryMs ?? 20_000,
        // Long replies as a DOCX; what only the operator can fix goes to the log, never to the chat.
        ...replyExtras(this.options.logger, { jobId: job.id }),
      });
    } finally {
      await temp.removeAll();
    }
  }

  async failed(job: JobRecord<WhatsAppJobPayload>, steps: JobSteps, error: unknown): Promise<void> {
    this.working.forget(job.id);
    this.log(job, error, 'job given up');
    // Outside the 24-hour window, or a number WhatsApp will not deliver to: an apology would fail the same way.
    if (isGraphApiError(error) && error.permanent) return;
    const channel = this.channel(job.payload);
    await sendFailureApology(steps, channel).catch((err: unknown) => this.log(job, err, 'could not apologise'));
  }

  private channel(payload: WhatsAppJobPayload): WhatsAppReplyChannel {
    return new WhatsAppReplyChannel(this.options.api, payload.to, payload.uiLanguage, payload.messageId);
  }

  private log(job: JobRecord<WhatsAppJobPayload>, err: unknown, what: string): void {
    const code = isGraphApiError(err) ? err.code : undefined;
    this.options.logger.warn({ jobId: job.id, ...(code != null ? { code } : {}), err: describeGraphError(err, this.options.token) }, what);
  }
}
