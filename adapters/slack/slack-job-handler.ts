import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log/logger.js';
import { answerChatRequest, type ChatRequest } from '../../src/core/answer-chat-request.js';
import type { JobHandler, JobSteps } from '../../src/core/job.js';
import { message } from '../../src/core/messages.js';
import type { PipelineRunner } from '../../src/core/pipeline.js';
import { recordedStep } from '../shared/job-steps.js';
import { classifySlackError, isSlackAccessError, safeErrorText, type SlackAccessError } from './slack-errors.js';
import { readInboundMessage } from './slack-event-jobs.js';
import { fetchSlackFile, FILES_READ_SCOPE, type SlackFileRef } from './slack-file-fetcher.js';
import type { SlackJob, SlackJobPayload } from './slack-job.js';
import { escapeMrkdwn } from './slack-mrkdwn.js';
import { SlackReplyChannel } from './slack-reply-channel.js';
import { replyExtras } from '../shared/reply-extras.js';
import type { SlackThreadMemory } from './slack-thread-memory.js';

export interface SlackJobHandlerOptions {
  client: webApi.WebClient;
  pipeline: PipelineRunner;
  /** Bot token, for file downloads only (the client carries its own). */
  token: string;
  /** Largest file downloaded. Defaults to config SLACK_MAX_FILE_BYTES. */
  maxFileBytes: number;
  trustedHost: (hostname: string) => boolean;
  threads: SlackThreadMemory;
  /** Whether every worker is busy, for "you are in line" instead of "working on it". */
  allWorkersBusy: () => boolean;
  logger: Logger;
  /** Values never written to logs. */
  secrets: ReadonlyArray<string | undefined>;
  /** For downloads and response_url posts. Defaults to globalThis.fetch. */
  fetch?: typeof fetch;
}

type LocatedFile = { file: SlackFileRef; threadTs: string } | null;

/**
 * Runs Slack jobs: finds the file when the request named none, posts the progress message in the
 * thread, downloads the file when the job runs (never in the listener), and answers through
 * answerChatRequest. Problems a teacher or admin can fix (a missing scope, the bot not in the
 * channel, an external file) are explained once and end the job; other errors go back to the
 * queue to retry, and after the last attempt the user gets one apology.
 */
export class SlackJobHandler implements JobHandler<SlackJobPayload> {
  /** Not PendingWorkingMessages: a 'latest-file' job has no thread to post in until run() finds the file, and a failed early post is retried inside run()'s 'progress' step, as that post opens the reply's thread. */
  private readonly progressSending = new Map<string, Promise<string>>();

  constructor(private readonly options: SlackJobHandlerOptions) {}

  async accepted(job: SlackJob, steps: JobSteps): Promise<void> {
    const payload = job.payload;
    // Without a thread yet (the newest file is looked up when the job runs) there is nowhere to say it.
    if (payload.input.kind === 'latest-file') return;
    const channel = this.channel(payload, payload.threadTs);
    const text = message(payload.uiLanguage, this.options.allWorkersBusy() ? 'progress.queued' : 'progress.working');
    const sending = steps.once('progress', () => channel.sendProgress(text));
    this.progressSending.set(job.id, sending);
    try {
      await sending;
      await this.rememberNewThread(payload, channel);
    } catch (err) {
      // run() tries again; the queue logs nothing for this hook's failures beyond a line.
      this.log(job, err, 'progress message failed');
    }
  }

  async run(job: SlackJob, steps: JobSteps, signal: AbortSignal): Promise<void> {
    let progress: string | null = null;
    let channel: SlackReplyChannel | null = null;
    try {
      const payload = job.payload;
      let file: SlackFileRef | null = payload.input.kind === 'file' ? payload.input.file : null;
      let threadTs = payload.threadTs;
      if (payload.input.kind === 'latest-file') {
        const found = await steps.once<LocatedFile>('locate-file', () => this.locateFile(payload));
        if (!found) {
          await steps.once('no-file', () => this.tellPrivately(payload, message(payload.uiLanguage, 'slack.no-file-found')));
          return;
        }
        file = found.file;
        threadTs = found.threadTs;
      }
      channel = this.channel(payload, threadTs);
      const early = this.progressSending.get(job.id);
      this.progressSending.delete(job.id);
      const replyChannel = channel;
      const working = () => replyChannel.sendProgress(message(payload.uiLanguage, 'progress.working'));
      progress = await steps.once('progress', () => (early ? early.catch(working) : working()));
      channel.adoptProgress(progress);
      await this.rememberNewThread(payload, channel);

      const target = file;
      const input: ChatRequest['input'] = target
        ? { kind: 'file', fetch: (s) => this.download(target, s) }
        : { kind: 'text', text: payload.input.kind === 'text' ? payload.input.text : '' };
      await answerChatRequest(
        { input, grade: payload.grade, targetLanguage: payload.targetLanguage, sourceLanguage: 'auto', ...(payload.subject ? { subject: payload.subject } : {}), ...(target ? { sourceName: target.name } : {}) },
        { pipeline: this.options.pipeline, channel, steps, signal, ...replyExtras(this.options.logger, { jobId: job.id, source: job.payload.source }) },
      );
    } catch (err) {
      const problem = classifySlackError(err);
      if (!isSlackAccessError(problem)) throw err;
      this.log(job, problem, 'job stopped: the Slack installation needs a change');
      await steps.once('explained', () => this.explain(job.payload, channel, problem));
      if (progress && channel) await channel.editProgress(progress, message(job.payload.uiLanguage, 'progress.failed')).catch(() => undefined);
    }
  }

  async failed(job: SlackJob, steps: JobSteps, error: unknown): Promise<void> {
    this.progressSending.delete(job.id);
    this.log(job, error, 'job given up');
    const payload = job.payload;
    const apology = message(payload.uiLanguage, 'error.failed-apology');
    const located = await recordedStep<NonNullable<LocatedFile>>(steps, 'locate-file');
    const channel = this.channel(payload, located?.threadTs ?? payload.threadTs);
    const progress = await recordedStep<string>(steps, 'progress');
    if (progress) channel.adoptProgress(progress);
    await steps
      .once('apology', async () => {
        if (payload.threadTs === null && !progress) await this.tellPrivately(payload, apology);
        else await channel.sendNotice(apology);
      })
      .catch((err: unknown) => this.log(job, err, 'could not apologise'));
    if (progress) await channel.editProgress(progress, message(payload.uiLanguage, 'progress.failed')).catch(() => undefined);
  }

  private channel(payload: SlackJobPayload, threadTs: string | null): SlackReplyChannel {
    return new SlackReplyChannel(this.options.client, { channel: payload.channel, threadTs }, payload.uiLanguage);
  }

  private async rememberNewThread(payload: SlackJobPayload, channel: SlackReplyChannel): Promise<void> {
    if (payload.threadTs === null && channel.thread) await this.options.threads.remember(payload.teamId, payload.channel, channel.thread);
  }

  /** Downloads with the bot token; an event without a URL (a "check_file_info" stub) asks files.info first. */
  private async download(file: SlackFileRef, signal: AbortSignal): Promise<Buffer> {
    let ref = file;
    if (!ref.url) {
      const info = await this.options.client.files.info({ file: file.id }).catch((err: unknown) => {
        throw classifySlackError(err);
      });
      const url = info.file?.url_private_download ?? info.file?.url_private;
      ref = { ...file, ...(url && !info.file?.is_external ? { url } : {}), ...(typeof info.file?.size === 'number' ? { size: info.file.size } : {}) };
    }
    return fetchSlackFile(ref, {
      token: this.options.token,
      maxBytes: this.options.maxFileBytes,
      trustedHost: this.options.trustedHost,
      signal,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
  }

  /** The newest file a person shared in the thread (a bare mention) or channel (`/simplify`). */
  private async locateFile(payload: SlackJobPayload): Promise<LocatedFile> {
    const { client } = this.options;
    const listing =
      payload.threadTs !== null
        ? await client.conversations.replies({ channel: payload.channel, ts: payload.threadTs, limit: 200 })
        : await client.conversations.history({ channel: payload.channel, limit: 50 });
    const messages = [...(listing.messages ?? [])];
    // replies lists oldest first, history newest first.
    if (payload.threadTs !== null) messages.reverse();
    for (const raw of messages) {
      const found = readInboundMessage({ ...raw, channel: payload.channel }, payload.teamId);
      const file = found?.files[0];
      if (found && file) return { file, threadTs: found.threadTs ?? found.ts };
    }
    return null;
  }

  private async explain(payload: SlackJobPayload, channel: SlackReplyChannel | null, problem: SlackAccessError): Promise<void> {
    const ui = payload.uiLanguage;
    const text =
      problem.problem === 'missing-scope'
        ? message(ui, 'slack.missing-scope', { scope: problem.scope ?? FILES_READ_SCOPE })
        : problem.problem === 'not-in-channel'
          ? message(ui, 'slack.not-in-channel')
          : message(ui, 'slack.file-unavailable');
    if (problem.problem === 'not-in-channel' || !channel) {
      await this.tellPrivately(payload, text);
      return;
    }
    await channel.sendNotice(text);
  }

  /** A slash command's private answer (its response_url), else an ephemeral message to the user. */
  private async tellPrivately(payload: SlackJobPayload, text: string): Promise<void> {
    if (payload.responseUrl && this.isTrustedUrl(payload.responseUrl)) {
      const response = await (this.options.fetch ?? fetch)(payload.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: escapeMrkdwn(text) }),
      });
      await response.body?.cancel();
      if (response.ok) return;
    }
    await this.options.client.chat
      .postEphemeral({ channel: payload.channel, user: payload.user, text: escapeMrkdwn(text), ...(payload.threadTs ? { thread_ts: payload.threadTs } : {}) })
      .catch((err: unknown) => {
        // Nowhere left to say it (the bot is not in the channel and the response_url expired).
        if (!isSlackAccessError(classifySlackError(err))) throw err;
      });
  }

  private isTrustedUrl(url: string): boolean {
    try {
      const parsed = new URL(url);
      return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && this.options.trustedHost(parsed.hostname);
    } catch {
      return false;
    }
  }

  private log(job: SlackJob, err: unknown, what: string): void {
    this.options.logger.warn({ jobId: job.id, source: job.payload.source, err: safeErrorText(err, this.options.secrets) }, what);
  }
}
