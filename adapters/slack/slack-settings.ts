import type Keyv from 'keyv';
import { conversationLanguage, languageFromLocale } from '../../src/conversation/conversation-language.js';
import { isSupportedLanguage } from '../../src/core/languages.js';
import type { UserPreferences } from '../../src/app/service-runtime.js';
import { storedSubject } from '../shared/stored-subject.js';
import type { SlackUserLocales } from './slack-user-locales.js';

/** Stored as the language choice "reply in the language of the document". */
export const SAME_AS_DOCUMENT = 'same';

/** What one request is answered with, after the user's choices and the request's own options. */
export interface ResolvedSettings {
  /** Language of every sentence the bot itself writes. */
  uiLanguage: string;
  /** Reply language; null keeps the language of the document. */
  targetLanguage: string | null;
  grade: number;
  /** The school subject, for the tier router: the request's, else the user's default; none when neither says. */
  subject?: string;
}

export interface SlackSettingsOptions {
  store: Keyv<UserPreferences>;
  /** Grade when the user chose none. Defaults to config DEFAULT_GRADE. */
  defaultGrade: number;
  /** Reply language when the user chose none. Defaults to config DEFAULT_LANGUAGE. */
  defaultLanguage: string;
  /** Where each user's Slack locale is read (users.info). Without it, DEFAULT_LANGUAGE stands in for it. Defaults to none. */
  locales?: SlackUserLocales;
}

/** A user's stored choices and their Slack locale, what resolve() needs besides the request. */
export interface SlackUserContext {
  stored: UserPreferences;
  /** Slack's locale for the user ("ta-IN"); null when Slack does not say (no users:read scope) or a chosen language makes it moot. */
  locale: string | null;
}

/**
 * Each Slack user's grade and reply language, in the service's preferences store (SQLite, so
 * they survive restarts) under "slack:<team id>:<user id>". Per user, not per channel: one
 * class channel has teachers of different grades.
 */
export class SlackSettings {
  constructor(private readonly options: SlackSettingsOptions) {}

  async load(teamId: string, userId: string): Promise<UserPreferences> {
    return (await this.options.store.get(key(teamId, userId))) ?? {};
  }

  /**
   * The stored choices and the Slack locale, read side by side. A user who chose a language has
   * it outrank the locale in resolve(), so their message does not wait for users.info (up to the
   * lookup's timeout, before Slack's ack): locale is null then, and the lookup still fills the cache.
   */
  async loadWithLocale(teamId: string, userId: string): Promise<SlackUserContext> {
    const locale = this.localeOf(teamId, userId);
    const stored = await this.load(teamId, userId);
    const chosen = chosenLanguage(stored);
    if (chosen && chosen !== SAME_AS_DOCUMENT) return { stored, locale: null };
    return { stored, locale: await locale };
  }

  /** The user's Slack locale alone (null when Slack does not say). */
  async localeOf(teamId: string, userId: string): Promise<string | null> {
    return (await this.options.locales?.localeOf(teamId, userId)) ?? null;
  }

  async save(teamId: string, userId: string, change: UserPreferences): Promise<UserPreferences> {
    const next = { ...(await this.load(teamId, userId)), ...change };
    await this.options.store.set(key(teamId, userId), next);
    return next;
  }

  /**
   * The request's options ("grade 6 hindi") win for that request; then the stored choice; then
   * the user's Slack language; then the defaults. `userText` is what the user wrote with the
   * request: its script is a language signal. The conversation language (every sentence around
   * the reply) is the request's language, else the chosen one, else the app language (the
   * user's Slack locale, or DEFAULT_LANGUAGE when Slack does not say), else the user's script.
   * The reply language follows a Slack locale in an Indian language, as on Telegram; an English
   * Slack keeps DEFAULT_LANGUAGE (most Indian teachers run Slack in English).
   */
  resolve(stored: UserPreferences, override: { grade?: number; language?: string; subject?: string } = {}, userText?: string, locale?: string | null): ResolvedSettings {
    const chosen = chosenLanguage(stored);
    const app = languageFromLocale(locale);
    const uiLanguage = conversationLanguage({ requested: override.language, chosen: chosen === SAME_AS_DOCUMENT ? null : chosen, appLocale: app ?? this.options.defaultLanguage, userText });
    let targetLanguage: string | null;
    if (override.language) targetLanguage = override.language;
    else if (chosen) targetLanguage = chosen === SAME_AS_DOCUMENT ? null : chosen;
    else targetLanguage = app && app !== 'en' ? app : this.options.defaultLanguage;
    const grade = override.grade ?? (validGrade(stored.grade) ? stored.grade : this.options.defaultGrade);
    const subject = override.subject ?? storedSubject(stored);
    return { uiLanguage, targetLanguage, grade, ...(subject ? { subject } : {}) };
  }
}

/** The stored language choice when it is one resolve() honours: a supported language or SAME_AS_DOCUMENT. */
function chosenLanguage(stored: UserPreferences): string | undefined {
  return stored.language && (stored.language === SAME_AS_DOCUMENT || isSupportedLanguage(stored.language)) ? stored.language : undefined;
}

function key(teamId: string, userId: string): string {
  return `slack:${teamId}:${userId}`;
}

export function validGrade(grade: unknown): grade is number {
  return typeof grade === 'number' && Number.isInteger(grade) && grade >= 1 && grade <= 12;
}
