import { Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { JobQueue } from '../../src/core/job.js';
import { message, refusalMessage } from '../../src/core/messages.js';
import type { UserRateLimiter } from '../../src/jobs/user-rate-limiter.js';
import type { BackgroundSends } from './background-sends.js';
import { declaredSizeRefusal } from '../shared/capped-download.js';
import { parseCaptionOptions } from '../shared/caption-options.js';
import type { ChatSettings } from './chat-settings.js';
import { telegramJobRecord, type TelegramJobInput, type TelegramJobPayload } from './telegram-job.js';

export interface MessageIntakeOptions {
  queue: JobQueue;
  limiter: UserRateLimiter;
  settings: ChatSettings;
  background: BackgroundSends;
  /** Files declared larger than this are refused before getFile. */
  maxFileBytes: number;
}

type Described = { kind: 'job'; input: TelegramJobInput } | { kind: 'command' } | { kind: 'ignore' } | { kind: 'unsupported' };

/**
 * Turns a message into a job and returns: it only decides, writes the job down and enqueues it.
 * The download, the pipeline and the answer happen in the job; refusals that need no job (a file
 * over the cap, a burst over the user's limits, a full queue) are one sentence sent in the
 * background, in the user's language.
 */
export function messageIntake(options: MessageIntakeOptions): Composer<Context> {
  const { queue, limiter, settings, background } = options;
  const composer = new Composer<Context>();

  composer.on('message', async (ctx) => {
    const msg = ctx.message;
    const updateId = ctx.update.update_id;
    // In a group the bot answers only what is meant for it: a reply to it or a mention. (With
    // Telegram's default privacy mode that is all it receives anyway; without it, it would
    // otherwise answer every photo in a class group.)
    if (msg.chat.type !== 'private' && !addressedToBot(msg, ctx.me.id, ctx.me.username)) return;
    const described = describe(msg, ctx.me.username);
    if (described.kind === 'ignore') return;
    const stored = await settings.load(msg.chat.id);
    const resolved = settings.resolve(stored, ctx.from?.language_code, parseCaptionOptions(msg.caption && withoutMention(msg.caption, ctx.me.username)));
    const notice = (text: string) => background.run(updateId, 'notice', () => ctx.api.sendMessage(msg.chat.id, text));

    if (described.kind === 'command') {
      notice(message(resolved.uiLanguage, 'settings.help'));
      return;
    }
    if (described.kind === 'unsupported') {
      // In groups the bot only hears what is addressed to it, but stray media there gets no lecture.
      if (msg.chat.type === 'private') notice(refusalMessage(resolved.uiLanguage, 'unsupported-type'));
      return;
    }
    const input = described.input;
    const tooLarge = input.kind === 'file' ? declaredSizeRefusal(input.fileSize, options.maxFileBytes) : null;
    if (tooLarge) {
      notice(refusalMessage(resolved.uiLanguage, tooLarge.code, tooLarge.params));
      return;
    }

    const payload: TelegramJobPayload = {
      chatId: msg.chat.id,
      messageId: msg.message_id,
      updateId,
      uiLanguage: resolved.uiLanguage,
      grade: resolved.grade,
      targetLanguage: resolved.targetLanguage,
      ...(resolved.spokenLanguage ? { spokenLanguage: resolved.spokenLanguage } : {}),
      ...(resolved.subject ? { subject: resolved.subject } : {}),
      input,
    };
    const job = telegramJobRecord(payload, ctx.from?.id);
    const decision = limiter.check(job.userKey, await queue.inFlight(job.userKey));
    if (!decision.allowed) {
      if (decision.notify) notice(message(resolved.uiLanguage, 'limit.slow-down'));
      return;
    }
    const outcome = await queue.enqueue(job);
    if (outcome === 'busy') notice(message(resolved.uiLanguage, 'error.busy'));
  });

  return composer;
}

/** What a message asks for. Photos come in several sizes: the largest is the one worth reading. */
function describe(msg: Message, botUsername: string): Described {
  if (msg.photo && msg.photo.length > 0) {
    const largest = msg.photo.reduce((best, p) => (p.width * p.height > best.width * best.height ? p : best));
    return file(largest.file_id, largest.file_size, 'photo');
  }
  // An animation (GIF) also carries a document field; it is a video, not a page.
  if (msg.animation) return { kind: 'unsupported' };
  if (msg.document) {
    if (msg.document.mime_type?.startsWith('video/')) return { kind: 'unsupported' };
    return file(msg.document.file_id, msg.document.file_size, 'document');
  }
  if (msg.voice) return file(msg.voice.file_id, msg.voice.file_size, 'voice');
  if (msg.audio) return file(msg.audio.file_id, msg.audio.file_size, 'audio');
  if (typeof msg.text === 'string') {
    const text = withoutMention(msg.text, botUsername).trim();
    if (!text) return { kind: 'ignore' };
    const command = /^\/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?/.exec(text);
    if (command) {
      // "/start@OtherBot" in a group is another bot's business.
      return command[1] && command[1].toLowerCase() !== botUsername.toLowerCase() ? { kind: 'ignore' } : { kind: 'command' };
    }
    return { kind: 'job', input: { kind: 'text', text } };
  }
  // Service messages (someone joined, a pinned message...) carry none of these and need no answer.
  const userContent = msg.sticker ?? msg.video ?? msg.video_note ?? msg.location ?? msg.contact ?? msg.poll ?? msg.venue ?? msg.dice;
  return userContent ? { kind: 'unsupported' } : { kind: 'ignore' };
}

function addressedToBot(msg: Message, botId: number, botUsername: string): boolean {
  if (msg.reply_to_message?.from?.id === botId) return true;
  const said = `${msg.text ?? ''} ${msg.caption ?? ''}`.toLowerCase();
  return said.includes(`@${botUsername.toLowerCase()}`);
}

function withoutMention(text: string, botUsername: string): string {
  if (text.startsWith('/')) return text;
  const mention = new RegExp(`@${botUsername.replace(/[^A-Za-z0-9_]/g, '')}\\b`, 'gi');
  return text.replace(mention, ' ');
}

function file(fileId: string, fileSize: number | undefined, source: 'photo' | 'document' | 'voice' | 'audio'): Described {
  return { kind: 'job', input: { kind: 'file', fileId, ...(typeof fileSize === 'number' ? { fileSize } : {}), source } };
}
