import { InputFile, type Api } from 'grammy';
import type { VoiceNote } from '../../src/core/report.js';
import type { ReplyChannel } from '../../src/core/reply-channel.js';
import { cleanForTelegram, renderTelegramHtml, TELEGRAM_MESSAGE_LIMIT } from './render-telegram-html.js';
import { languageKeyboard } from './settings-commands.js';
import { isNotModified } from './telegram-errors.js';

/** Telegram's limit for a media caption. */
const CAPTION_LIMIT = 1024;

/**
 * Answers one chat. Progress messages and notices are sent as plain text (no parse mode, so there
 * is nothing to escape and nothing that can fail to parse); the reply parts are HTML made by
 * renderTelegramHtml. The first message quotes the user's own message so a parent who sent
 * several pages sees which answer is which.
 */
export class TelegramReplyChannel implements ReplyChannel {
  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    readonly uiLanguage: string,
    /** The user's message the progress message replies to. Defaults to none. */
    private readonly replyTo?: number,
  ) {}

  async sendProgress(text: string): Promise<string> {
    const sent = await this.api.sendMessage(this.chatId, plain(text), {
      ...(this.replyTo !== undefined ? { reply_parameters: { message_id: this.replyTo, allow_sending_without_reply: true } } : {}),
    });
    return String(sent.message_id);
  }

  async editProgress(handle: string, text: string): Promise<void> {
    const messageId = Number(handle);
    if (!Number.isSafeInteger(messageId)) return;
    try {
      await this.api.editMessageText(this.chatId, messageId, plain(text));
    } catch (err) {
      if (!isNotModified(err)) throw err;
    }
  }

  async chatAction(action: 'typing' | 'record_voice'): Promise<void> {
    await this.api.sendChatAction(this.chatId, action);
  }

  renderReply(body: string, footer: string): string[] {
    return renderTelegramHtml(body, footer);
  }

  async sendPart(part: string): Promise<void> {
    await this.api.sendMessage(this.chatId, part, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  }

  async sendVoice(note: VoiceNote, caption: string): Promise<void> {
    // Telegram shows the duration we declare before the note is played; it must be whole seconds.
    const duration = Math.max(1, Math.round(note.durationSec));
    await this.api.sendVoice(this.chatId, new InputFile(note.data, 'voice.ogg'), { duration, caption: plain(caption).slice(0, CAPTION_LIMIT) });
  }

  async sendNotice(text: string): Promise<void> {
    await this.api.sendMessage(this.chatId, plain(text));
  }

  /** The question with the same language keyboard as /language: a tap saves the chat's language. */
  async askLanguage(text: string): Promise<void> {
    await this.api.sendMessage(this.chatId, plain(text), { reply_markup: languageKeyboard(this.uiLanguage, 'c') });
  }
}

function plain(text: string): string {
  const cleaned = cleanForTelegram(text).trim();
  return (cleaned || '…').slice(0, TELEGRAM_MESSAGE_LIMIT);
}
