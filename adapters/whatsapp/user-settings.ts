import type Keyv from 'keyv';
import type { UserPreferences } from '../../src/app/service-runtime.js';
import { validGrade } from '../shared/option-words.js';
import type { CaptionOptions } from '../shared/caption-options.js';
import { storedSubject } from '../shared/stored-subject.js';
import { SerialByKey } from '../shared/serial-by-key.js';
import { chooseLanguages } from './choose-language.js';

/** What is kept per WhatsApp user: the shared preferences, plus the language they were last seen writing. */
export interface WhatsAppPreferences extends UserPreferences {
  writesIn?: string;
}

export interface ResolvedSettings {
  uiLanguage: string;
  targetLanguage: string | null;
  grade: number;
  subject?: string;
}

/**
 * A WhatsApp user's grade and language, in the service's preferences store (SQLite by default,
 * Redis with REDIS_URL) under "whatsapp:<wa_id>", so they survive restarts.
 */
export class WhatsAppUserSettings {
  /** Saves of one user run one after another: Meta may deliver two webhooks side by side. */
  private readonly saving = new SerialByKey<string>();

  constructor(private readonly options: { store: Keyv<UserPreferences>; defaultGrade: number; defaultLanguage: string }) {}

  async load(user: string): Promise<WhatsAppPreferences> {
    return ((await this.options.store.get(key(user))) as WhatsAppPreferences | undefined) ?? {};
  }

  async save(user: string, change: WhatsAppPreferences): Promise<WhatsAppPreferences> {
    return this.saving.run(user, async () => {
      const next = { ...(await this.load(user)), ...change };
      await this.options.store.set(key(user), next);
      return next;
    });
  }

  /** `userText` is what the user wrote with this message (text or caption): its script is a language signal. */
  resolve(stored: WhatsAppPreferences, caption: CaptionOptions, writesIn: string | undefined, userText?: string): ResolvedSettings {
    const languages = chooseLanguages({
      ...(caption.language ? { caption: caption.language } : {}),
      ...(stored.language ? { chosen: stored.language } : {}),
      ...((writesIn ?? stored.writesIn) ? { writesIn: writesIn ?? stored.writesIn } : {}),
      ...(userText ? { userText } : {}),
      defaultLanguage: this.options.defaultLanguage,
    });
    const grade = caption.grade ?? (typeof stored.grade === 'number' && validGrade(stored.grade) !== undefined ? stored.grade : this.options.defaultGrade);
    const subject = caption.subject ?? storedSubject(stored);
    return { ...languages, grade, ...(subject ? { subject } : {}) };
  }
}

function key(user: string): string {
  return `whatsapp:${user}`;
}
