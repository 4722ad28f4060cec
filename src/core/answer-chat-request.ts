import type { JobSteps } from './job.js';
import { isBusyError, isInputRefused } from './errors.js';
import { renderKeyFacts } from './key-facts.js';
import { fallbackNote, message, pathCause, refusalMessage, type MessageKey } from './messages.js';
import type { PipelineRunner } from './pipeline.js';
import type { BackendInfo, ReplyNotice } from './ports.js';
import type { ProcessResult, StageName } from './report.js';
import type { ReplyChannel, ReplyDocument } from './reply-channel.js';
import { renderNotice } from './reply-notice.js';

/** What the user sent, fetched lazily: a file is downloaded only when the job runs. */
export type ChatInput = { kind: 'text'; text: string } | { kind: 'file'; fetch: (signal: AbortSignal) => Promise<Buffer> };

export interface ChatRequest {
  input: ChatInput;
  grade: number;
  /** Reply language the user chose; null keeps the language of the input. */
  targetLanguage: string | null;
  sourceLanguage: string;
  subject?: string;
  /** The name of the file the user sent, when it has one: a reply document is named after it. */
  sourceName?: string;
}

/** What a reply document is made from. */
export interface ReplyDocumentRequest {
  text: string;
  language: string;
  keyFacts?: string;
  sourceName?: string;
}

export interface AnswerOptions {
  pipeline: PipelineRunner;
  channel: ReplyChannel;
  steps: JobSteps;
  signal: AbortSignal;
  /** How often the chat action is repeated; platforms show it for about 5 s. Defaults to 4000. */
  chatActionEveryMs?: number;
  /**
   * Builds the document a long reply is sent as (see MAX_REPLY_MESSAGES). Without it, or on a
   * channel that cannot send files, a long reply goes as messages. Defaults to none.
   */
  buildDocument?: (request: ReplyDocumentRequest) => Promise<ReplyDocument>;
  /** Told what only an operator can act on (pull a model, a breaker open): log it. Defaults to nothing. */
  onAdminHints?: (hints: string[]) => void;
}

/** A reply longer than this many messages is sent as its first part and a document. */
export const MAX_REPLY_MESSAGES = 3;
/** How much of a long reply's text the message before its document shows, at most. */
const LEAD_CHARS = 1200;

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

    const hints = operatorHints(result);
    if (hints.length > 0) options.onAdminHints?.(hints);
    // The key facts open the reply, in the language of the reply's text, so the block and the text read alike.
    const block = result.keyFacts ? renderKeyFacts(result.keyFacts, result.final.language) : null;
    const body = block ? `${block}\n\n${result.final.text}` : result.final.text;
    let parts = channel.renderReply(body, replyFooter(result, lang));
    const asDocument = parts.length > MAX_REPLY_MESSAGES && channel.sendDocument !== undefined && options.buildDocument !== undefined;
    if (asDocument) {
      const lead = `${block ?? leadOf(result.final.text)}\n\n${message(lang, 'document.sent')}`;
      parts = channel.renderReply(lead, replyFooter(result, lang, { document: true })).slice(0, MAX_REPLY_MESSAGES - 1);
    }
    for (const [index, part] of parts.entries()) await steps.once(`text-${index}`, () => channel.sendPart(part));
    if (asDocument) {
      const build = options.buildDocument!;
      await steps.once('document', async () => {
        const document = await build({ text: result.final.text, language: result.final.language, ...(block ? { keyFacts: block } : {}), ...(request.sourceName ? { sourceName: request.sourceName } : {}) });
        await channel.sendDocument!(document, message(lang, 'document.caption'));
      });
    }
    if (result.audio) {
      const audio = result.audio;
      const shortened = asDocument && (result.notices ?? []).some((n) => n.key === 'note.voice-shortened');
      const caption = shortened ? `${message(lang, 'reply.voice-caption')}${message(lang, 'reply.footer-separator')}${message(lang, 'note.voice-rest-in-document')}` : message(lang, 'reply.voice-caption');
      await steps.once('voice', () => channel.sendVoice(audio, caption));
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

/**
 * One short line in the reader's language: which path served, a path that was busy (the reader
 * may try again), then any caveat or note. Why other paths did not serve (a breaker open, a model
 * failing) is for the operator: see operatorHints.
 * A result from before notices existed (an old cache entry) shows its warnings as they were.
 */
export function replyFooter(result: ProcessResult, language: string, options: { document?: boolean } = {}): string {
  const served = servedLine(result.translated?.backend ?? result.simplified.backend, result.simplified.backend, language);
  // "Busy, try again in a minute" is something the reader can act on; a breaker or a failing model is not.
  const busy = (attempts: ProcessResult['simplified']['attempts']) => attempts?.filter((a) => pathCause(a) === 'busy');
  const waiting = fallbackNote([
    { attempts: busy(result.simplified.attempts), servedPath: result.simplified.backend.path },
    ...(result.translated ? [{ attempts: busy(result.translated.attempts), servedPath: result.translated.backend.path }] : []),
  ], language);
  const notes = result.notices
    ? result.notices.map((n) => renderNotice(options.document && n.key === 'note.voice-shortened' ? ({ key: 'note.voice-rest-in-document' } satisfies ReplyNotice) : n, language))
    : result.warnings;
  return [served, ...(waiting ? [waiting] : []), ...new Set(notes)].join(message(language, 'reply.footer-separator'));
}

/** What the operator should know about this reply, in English: the result's hints and why paths did not serve. */
export function operatorHints(result: ProcessResult): string[] {
  const others = fallbackNote([
    { attempts: result.simplified.attempts, servedPath: result.simplified.backend.path },
    ...(result.translated ? [{ attempts: result.translated.attempts, servedPath: result.translated.backend.path }] : []),
  ], 'en');
  return [...(result.adminHints ?? []), ...(others ? [others] : [])];
}

/** The start of a long text, whole paragraphs (or at least the first one's first LEAD_CHARS characters). */
function leadOf(text: string): string {
  const paragraphs = text.split(/\n\s*\n/u);
  let lead = '';
  for (const paragraph of paragraphs) {
    if (lead && lead.length + paragraph.length + 2 > LEAD_CHARS) break;
    lead = lead ? `${lead}\n\n${paragraph}` : paragraph;
  }
  return lead.length > LEAD_CHARS ? `${lead.slice(0, LEAD_CHARS).replace(/\s+\S*$/u, '')}…` : lead;
}

function servedLine(last: BackendInfo, simplifiedBy: BackendInfo, language: string): string {
  // A model that translated outranks a rule-based simplification: name the strongest path used.
  const backend = last.path !== 'rule-based' ? last : simplifiedBy;
  return message(language, `served.${backend.path}`, { model: backend.model ?? backend.name });
}
