import type { Api } from 'grammy';
import type { Logger } from '../../src/log/logger.js';
import { answerChatRequest, type ChatRequest } from '../../src/core/answer-chat-request.js';
import type { JobHandler, JobRecord, JobSteps } from '../../src/core/job.js';
import { message } from '../../src/core/messages.js';
import type { PipelineRunner } from '../../src/core/pipeline.js';
import { recordedStep, withKnownStep } from '../shared/job-steps.js';
import { sendFailureApology } from '../shared/job-notices.js';
import { PendingWorkingMessages } from '../shared/pending-working-messages.js';
import { replyExtras } from '../shared/reply-extras.js';
import { describeError, isChatGone } from './telegram-errors.js';
import type { TelegramFileFetcher } from './telegram-file-fetcher.js';
import { TELEGRAM_TEMP_PREFIX, type TelegramJobPayload } from './telegram-job.js';
import { TelegramReplyChannel } from './telegram-reply-channel.js';
import { TempFiles } from '../shared/temp-files.js';
import { inputLanguage } from './voice-note-language.js';

/** What the accepted hook leaves for run() when the very first message was refused with 403. */
const CHAT_GONE = Symbol('chat gone');

export interface TelegramJobHandlerOptions {
  api: Api;
  pipeline: PipelineRunner;
  fetcher: TelegramFileFetcher;
  tempDir: string;
  logger: Logger;
  token: string;
  /** True when every worker is taken, so the first message says "you are in line". Defaults to never. */
  isBusy?: () => boolean;
  /** How often the chat action is repeated. Defaults to 4000 ms (Telegram shows one for about 5 s). */
  chatActionEveryMs?: number;
}

/**
 * Runs a Telegram job: the "working on it" message as soon as it is accepted, then the download
 * (only now, inside the job), the pipeline with progress edits, the reply parts and the voice
 * note. A chat that blocked the bot ends the job quietly.
 */
export class TelegramJobHandler implements JobHandler<TelegramJobPayload> {
  /** Kept until run() ends, not dropped when it starts: failed() reads CHAT_GONE or the handle to edit from it. */
  private readonly working = new PendingWorkingMessages<typeof CHAT_GONE | null>();

  constructor(private readonly options: TelegramJobHandlerOptions) {}

  async accepted(job: JobRecord<TelegramJobPayload>, steps: JobSteps): Promise<void> {
    await this.working.send(job.id, steps, this.channel(job.payload), this.options.isBusy?.(), (err) => {
      if (isChatGone(err)) return CHAT_GONE;
      this.log(job, err, 'could not send the working message');
      return null;
    });
  }

  async run(job: JobRecord<TelegramJobPayload>, steps: JobSteps, signal: AbortSignal): Promise<void> {
    const { payload } = job;
    const channel = this.channel(payload);
    const temp = new TempFiles(this.options.tempDir, TELEGRAM_TEMP_PREFIX);
    const handle = await this.working.result(job.id);
    if (handle === CHAT_GONE) {
      this.working.forget(job.id);
      this.options.logger.info({ jobId: job.id, updateId: payload.updateId }, 'chat is gone; job ended quietly');
      return;
    }
    const input = payload.input;
    const request: ChatRequest = {
      input:
        input.kind === 'text'
          ? { kind: 'text', text: input.text }
          : { kind: 'file', fetch: (s) => this.options.fetcher.fetch({ fileId: input.fileId, fileSize: input.fileSize }, temp, s) },
      grade: payload.grade,
      targetLanguage: payload.targetLanguage,
      sourceLanguage: inputLanguage(payload),
      ...(payload.subject ? { subject: payload.subject } : {}),
      ...(input.kind === 'file' && input.fileName ? { sourceName: input.fileName } : {}),
    };
    try {
      await answerChatRequest(request, {
        pipeline: this.options.pipeline,
        channel,
        steps: handle === null ? steps : withKnownStep(steps, 'progress', handle),
        signal,
        chatActionEveryMs: this.options.chatActionEveryMs,
        ...replyExtras(this.options.logger, { jobId: job.id, updateId: payload.updateId }),
      });
      this.working.forget(job.id);
    } catch (err) {
      if (isChatGone(err)) {
        this.working.forget(job.id);
        this.options.logger.info({ jobId: job.id, updateId: payload.updateId, reason: describeError(err, this.options.token) }, 'chat is gone; job ended quietly');
        return;
      }
      throw err;
    } finally {
      await temp.removeAll();
    }
  }

  async failed(job: JobRecord<TelegramJobPayload>, steps: JobSteps, error: unknown): Promise<void> {
    const sending = this.working.pending(job.id);
    this.working.forget(job.id);
    this.log(job, error, 'job given up');
    const handle = sending ? await sending : await recordedStep<string>(steps, 'progress');
    if (isChatGone(error) || handle === CHAT_GONE) return;
    const channel = this.channel(job.payload);
    await sendFailureApology(steps, channel).catch((err: unknown) => this.log(job, err, 'could not apologise'));
    if (handle) await channel.editProgress(handle, message(channel.uiLanguage, 'progress.failed')).catch(() => undefined);
  }

  private channel(payload: TelegramJobPayload): TelegramReplyChannel {
    return new TelegramReplyChannel(this.options.api, payload.chatId, payload.uiLanguage, payload.messageId);
  }

  private log(job: JobRecord<TelegramJobPayload>, err: unknown, what: string): void {
    this.options.logger.warn({ jobId: job.id, updateId: job.payload.updateId, err: describeError(err, this.options.token) }, what);
  }
}
