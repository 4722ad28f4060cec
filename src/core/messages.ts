import type { RefusalCode } from './errors.js';
import { LANGUAGES } from './languages.js';
import type { ValidationReport } from './ports.js';
import { MESSAGE_TABLES, type MessageKey } from './message-tables.js';

export type { MessageKey } from './message-tables.js';

/**
 * A short user-facing sentence in the given language, falling back to English for a language or
 * key the tables lack. {name} placeholders are filled from params.
 */
export function message(language: string, key: MessageKey, params: Record<string, string | number> = {}): string {
  const table = MESSAGE_TABLES[language] ?? MESSAGE_TABLES.en;
  const template = table?.[key] ?? MESSAGE_TABLES.en?.[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function refusalMessage(language: string, code: RefusalCode, params: Record<string, string | number> = {}): string {
  return message(language, `refused.${code}`, params);
}

export function languageName(code: string, inLanguage: string): string {
  const info = LANGUAGES.get(code);
  if (!info) return code;
  return inLanguage === code ? info.nativeName : inLanguage === 'en' ? info.englishName : `${info.nativeName}`;
}

/** The one line a reply carries when no model or API can translate to the chosen language. */
export function translationUnavailableNote(from: string, to: string): string {
  return message(from, 'note.translation-unavailable', { language: languageName(to, from) });
}

/** One short caveat naming the checks that failed. */
export function validationCaveat(language: string, report: ValidationReport): string {
  const failed = report.checks.filter((c) => !c.passed).map((c) => message(language, `check.${c.name}` as MessageKey));
  return message(language, 'note.validation-caveat', { checks: failed.join(', ') });
}
