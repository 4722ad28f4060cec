import type { JobSteps } from './job.js';
import { isBusyError, isInputRefused } from './errors.js';
import { fallbackNote, message, refusalMessage, type MessageKey } from './messages.js';
import type { PipelineRunner } from './pipeline.js';
import type { BackendInfo } from './ports.js';
import type { ProcessResult, StageName } from './report.js';
import type { ReplyChannel } from './reply-channel.js';

/** What the user sent, fetched lazily: a file is downloaded only when the job runs. */
export type ChatInput = { kind: 'text'; text: string } | { kind: 'file'; fetch: (signal: AbortSignal) => Promise<Buffer> };

export interface ChatRequest {
  input: ChatInput;
  grade: number;
  /** Reply language the user chose; null keeps the language of the input. */
  targetLanguage: string | null;
  sourceLanguage: string;
  subject?: string;
}

export interface AnswerOptions {
  pipeline: PipelineRunner;
  channel: ReplyChannel;
  steps: JobSteps;
  signal: AbortSignal;
  /** How often the chat action is repeated; platforms show it for about 5 s. Defaults to 4000. */
  chatActionEveryMs?: number;
}

/**
 * Runs one chat request through the pipeline and answers it: progress edits while it works, the
 * text in parts, the voice note, or one refusal sentence. Every visible step goes through
 * JobSteps, so a job resumed after a crash sends only what is still missing. Errors that are not
 * the user's are thrown for the queue to retry or give up on.
 */
export async function answerChatRequest(request: ChatRequest, options: AnswerOptions): Promise<ProcessResult | null> {
  const { channel, steps, signal } = options;
  const lang = channel.uiLanguage;
  const progressHandle = await steps.once('progress', () => channel.sendProgress(message(lang, 'progress.working')));

  let action: 'typing' | 'record_voice' = 'typing';
  const beat = () => void channel.chatAction(action).catch(() => undefined);
  beat();
  const heartbeat = setInterval(beat, options.chatActionEveryMs ?? 4000);
  let lastShown = '';
  const showStage = (stage: StageName) => {
    if (stage === 'recording') action = 'record_voice';
    const text = message(lang, `progress.${stage}` as MessageKey);
    if (text === lastShown) return;
    lastShown = text;
    // Progress edits are best effort: a failed edit must not fail the job.
    void channel.editProgress(progressHandle, text).catch(() => undefined);
  };

  try {
    let result: ProcessResult;
    try {
      const bytes = request.input.kind === 'text' ? Buffer.from(request.input.text, 'utf8') : await request.input.fetch(signal);
      result = await options.pipeline.run({
        bytes,
        grade: request.grade,
        targetLanguage: request.targetLanguage,
        sourceLanguage: request.sourceLanguage,
        subject: request.subject,
        audio: true,
        signal,
        onStage: showStage,
      });
    } catch (err) {
      // Every path that could serve is full: one short "busy, try again in a minute", not a retry.
      if (isBusyError(err)) {
        await steps.once('busy', () => channel.sendNotice(message(lang, 'error.busy')));
        await channel.editProgress(progressHandle, message(lang, 'progress.failed')).catch(() => undefined);
        return null;
      }
      if (!isInputRefused(err)) throw err;
      await steps.once('refusal', () => channel.sendNotice(refusalMessage(lang, err.code, err.params)));
      await channel.editProgress(progressHandle, message(lang, 'progress.failed')).catch(() => undefined);
      return null;
    }

    const parts = channel.renderReply(result.final.text, replyFooter(result, lang));
    for (const [index, part] of parts.entries()) await steps.once(`text-${index}`, () => channel.sendPart(part));
    if (result.audio) {
      const audio = result.audio;
      await steps.once('voice', () => channel.sendVoice(audio, message(lang, 'reply.voice-caption')));
    }
    // A voice note from a user with no language set, heard without enough agreement on one: the
    // reply went out in the best guess; now one tap sets the language for the next notes.
    if (result.extracted.spokenLanguage?.sure === false && channel.askLanguage) {
      const ask = channel.askLanguage.bind(channel);
      await steps.once('ask-language', () => ask(message(lang, 'speech.ask-language')));
    }
    await channel.editProgress(progressHandle, message(lang, 'progress.done')).catch(() => undefined);
    return result;
  } finally {
    clearInterval(heartbeat);
  }
}

/** One short line: which path served, why the others did not, then any caveat or note. */
export function replyFooter(result: ProcessResult, language: string): string {
  const served = servedLine(result.translated?.backend ?? result.simplified.backend, result.simplified.backend, language);
  const others = fallbackNote([
    { attempts: result.simplified.attempts, servedPath: result.simplified.backend.path },
    ...(result.translated ? [{ attempts: result.translated.attempts, servedPath: result.translated.backend.path }] : []),
  ], language);
  return [served, ...(others ? [others] : []), ...result.warnings].join(message(language, 'reply.footer-separator'));
}

function servedLine(last: BackendInfo, simplifiedBy: BackendInfo, language: string): string {
  // A model that translated outranks a rule-based simplification: name the strongest path used.
  const backend = last.path !== 'rule-based' ? last : simplifiedBy;
  return message(language, `served.${backend.path}`, { model: backend.model ?? backend.name });
}
