import type { JobRecord } from '../../src/core/job.js';

/** The platform name jobs are registered under. */
export const TELEGRAM_PLATFORM = 'telegram';
/** Prefix of Telegram's temporary files in the shared temp folder (see TempFiles). */
export const TELEGRAM_TEMP_PREFIX = 'tg-';

/** What the user sent, as plain JSON: text travels inside (at most 4096 chars), files as their id. */
export type TelegramJobInput =
  | { kind: 'text'; text: string }
  | { kind: 'file'; fileId: string; fileSize?: number; source: 'photo' | 'document' | 'voice' | 'audio'; /** A document's own name: a reply document is named after it. */ fileName?: string };

/**
 * Everything the job needs, re-creatable after a restart: no bytes, no grammY objects. Settings
 * are resolved when the message arrives, so a page sent before /grade 7 is answered for the
 * grade that was set when it was sent.
 */
export interface TelegramJobPayload {
  chatId: number;
  /** The user's message, quoted by the first answer. */
  messageId: number;
  updateId: number;
  uiLanguage: string;
  grade: number;
  targetLanguage: string | null;
  /** The language the chat chose itself, if any: voice notes are heard in it (see inputLanguage). */
  spokenLanguage?: string;
  /** The school subject for the tier router, from the caption or the chat's default. */
  subject?: string;
  input: TelegramJobInput;
}

export function telegramJobRecord(payload: TelegramJobPayload, userId: number | undefined, now = Date.now()): JobRecord<TelegramJobPayload> {
  return {
    id: `telegram:update:${payload.updateId}`,
    platform: TELEGRAM_PLATFORM,
    orderingKey: `telegram:chat:${payload.chatId}`,
    userKey: `telegram:user:${userId ?? payload.chatId}`,
    payload,
    createdAt: now,
  };
}
