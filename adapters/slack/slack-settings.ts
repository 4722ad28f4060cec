import type Keyv from 'keyv';
import { isSupportedLanguage } from '../../src/core/languages.js';
import type { UserPreferences } from '../../src/app/service-runtime.js';
import { storedSubject } from '../shared/stored-subject.js';

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

  async save(teamId: string, userId: string, change: UserPreferences): Promise<UserPreferences> {
    const next = { ...(await this.load(teamId, userId)), ...change };
    await this.options.store.set(key(teamId, userId), next);
    return next;
  }

  /** The request's options ("grade 6 hindi") win for that request; then the stored choice; then the defaults. */
  resolve(stored: UserPreferences, override: { grade?: number; language?: string; subject?: string } = {}): ResolvedSettings {
    const chosen = stored.language && (stored.language === SAME_AS_DOCUMENT || isSupportedLanguage(stored.language)) ? stored.language : undefined;
    const uiLanguage = chosen && chosen !== SAME_AS_DOCUMENT ? chosen : this.options.defaultLanguage;
    let targetLanguage: string | null;
    if (override.language) targetLanguage = override.language;
    else if (chosen) targetLanguage = chosen === SAME_AS_DOCUMENT ? null : chosen;
    else targetLanguage = this.options.defaultLanguage;
    const grade = override.grade ?? (validGrade(stored.grade) ? stored.grade : this.options.defaultGrade);
    const subject = override.subject ?? storedSubject(stored);
    return { uiLanguage, targetLanguage, grade, ...(subject ? { subject } : {}) };
  }
}

function key(teamId: string, userId: string): string {
  return `slack:${teamId}:${userId}`;
}

export function validGrade(grade: unknown): grade is number {
  return typeof grade === 'number' && Number.isInteger(grade) && grade >= 1 && grade <= 12;
}
