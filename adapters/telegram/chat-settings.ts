import type Keyv from 'keyv';
import { conversationLanguage } from '../../src/conversation/conversation-language.js';
import { isSupportedLanguage } from '../../src/core/languages.js';
import type { UserPreferences } from '../../src/app/service-runtime.js';
import { storedSubject } from '../shared/stored-subject.js';
import { SerialByKey } from '../shared/serial-by-key.js';

/** Stored as the language choice "answer in the language of the page". */
export const SAME_AS_PAGE = 'same';

/** What one message is answered with, after the chat's choices and the caption's options. */
export interface ResolvedSettings {
  /** Language of every sentence the bot itself writes. */
  uiLanguage: string;
  /** Reply language; null keeps the language of the page. */
  targetLanguage: string | null;
  /** The language the chat chose itself (a button or /language), not a default; null when none. */
  spokenLanguage: string | null;
  grade: number;
  /** The school subject, for the tier router: the caption's, else the chat's default; none when neither says. */
  subject?: string;
}

export interface ChatSettingsOptions {
  store: Keyv<UserPreferences>;
  /** Grade when the chat chose none. */
  defaultGrade: number;
  /** Reply language when the chat chose none and the user's Telegram language does not say. */
  defaultLanguage: string;
}

/**
 * The chat's grade and reply language, kept in the service's preferences store (SQLite by
 * default, so they survive restarts) under "telegram:<chat id>".
 *
 * Language choices, in order:
 * - the interface language (every sentence the bot writes) is the conversation language
 *   (src/conversation/conversation-language.ts): the caption's reply language ("grade 4 hindi"
 *   from a phone set to English gets Hindi progress too), else the chat's choice, else the
 *   user's Telegram language when we speak it and it is not English, else the script the user
 *   writes in, else English: most Indian phones run Telegram in English (it has no official
 *   Hindi UI), so an English app language is the weakest signal;
 * - the reply language is the caption's ("grade 5 tamil"), else the chat's choice ("same as the
 *   page" keeps the page's language), else the user's Telegram language when it is a supported
 *   Indian language (a parent using Telegram in Tamil most likely wants Tamil answers), else
 *   DEFAULT_LANGUAGE.
 */
export class ChatSettings {
  /** Saves of one chat run one after another: webhook updates may arrive side by side. */
  private readonly saving = new SerialByKey<number>();

  constructor(private readonly options: ChatSettingsOptions) {}

  async load(chatId: number): Promise<UserPreferences> {
    return (await this.options.store.get(key(chatId))) ?? {};
  }

  async save(chatId: number, change: UserPreferences): Promise<UserPreferences> {
    return this.saving.run(chatId, async () => {
      const next = { ...(await this.load(chatId)), ...change };
      await this.options.store.set(key(chatId), next);
      return next;
    });
  }

  /** `userText` is what the user wrote with this message (text or caption): its script is a language signal. */
  resolve(stored: UserPreferences, telegramLanguage: string | undefined, caption: { grade?: number; language?: string; subject?: string } = {}, userText?: string): ResolvedSettings {
    const telegram = telegramUiLanguage(telegramLanguage);
    const chosen = stored.language && (stored.language === SAME_AS_PAGE || isSupportedLanguage(stored.language)) ? stored.language : undefined;
    // One language for the whole conversation: the caption's, the chosen one, the app's, the user's script.
    const uiLanguage = conversationLanguage({ requested: caption.language, chosen: chosen === SAME_AS_PAGE ? null : chosen, appLocale: telegramLanguage, userText });
    let targetLanguage: string | null;
    if (caption.language) targetLanguage = caption.language;
    else if (chosen) targetLanguage = chosen === SAME_AS_PAGE ? null : chosen;
    else targetLanguage = telegram !== 'en' ? telegram : this.options.defaultLanguage;
    const grade = caption.grade ?? (validGrade(stored.grade) ? stored.grade : this.options.defaultGrade);
    const subject = caption.subject ?? storedSubject(stored);
    return { uiLanguage, targetLanguage, spokenLanguage: chosen && chosen !== SAME_AS_PAGE ? chosen : null, grade, ...(subject ? { subject } : {}) };
  }
}

/** "hi", "ta-IN", "en-US" -> a supported language code, else English. */
export function telegramUiLanguage(languageCode: string | undefined): string {
  const base = (languageCode ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return isSupportedLanguage(base) ? base : 'en';
}

function key(chatId: number): string {
  return `telegram:${chatId}`;
}

function validGrade(grade: number | undefined): grade is number {
  return typeof grade === 'number' && Number.isInteger(grade) && grade >= 1 && grade <= 12;
}
