import { isSupportedLanguage } from '../core/languages.js';
import { detectLanguage } from '../text/detect-language.js';

/** What is known about a user's language for one message, strongest first. */
export interface LanguageSignals {
  /** The reply language asked for in this message's caption or mention ("grade 5 tamil"). */
  requested?: string | null;
  /** The language the user chose in the settings; null or 'same' when they chose "same as the page". */
  chosen?: string | null;
  /** The app's language: Telegram's language_code, Slack's locale ("ta-IN"). */
  appLocale?: string | null;
  /** What the user wrote (a text message, a caption). WhatsApp has no app language: this is its signal. */
  userText?: string | null;
}

/**
 * The one language of the whole conversation for this message: every sentence the bot writes
 * (greeting, progress, refusal, footer, button, apology) is in it. In order: the language the
 * message asks for, the one the user chose, the app's language when it is not English, the
 * script the user writes in, the app's English, then English. An English app language ranks below
 * the user's own script because most Indian phones run their apps in English whatever their
 * owner reads best; someone who types "வணக்கம்" wants Tamil.
 */
export function conversationLanguage(signals: LanguageSignals): string {
  const requested = supported(signals.requested);
  if (requested) return requested;
  const chosen = supported(signals.chosen);
  if (chosen) return chosen;
  const app = languageFromLocale(signals.appLocale);
  if (app && app !== 'en') return app;
  const written = signals.userText ? languageOfUserText(signals.userText) : null;
  if (written) return written;
  return app ?? 'en';
}

/** "hi", "ta-IN", "en_US", "pa-Guru-IN" -> a supported language code, else null. */
export function languageFromLocale(locale: string | null | undefined): string | null {
  const base = (locale ?? '').trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  return isSupportedLanguage(base) ? base : null;
}

/**
 * The language a user writes in, told from the script of their words (Devanagari -> Hindi or
 * Marathi by their frequent words, Bengali script -> Bengali or Assamese by its letters). Latin
 * script says nothing: English and romanised Hindi ("namaste") look alike, so it gives null and
 * the other signals decide.
 */
export function languageOfUserText(text: string): string | null {
  const detected = detectLanguage(text.slice(0, 2000));
  return detected !== 'und' && detected !== 'en' && isSupportedLanguage(detected) ? detected : null;
}

function supported(code: string | null | undefined): string | null {
  return code && isSupportedLanguage(code) ? code : null;
}
