import type { RefusalCode } from './errors.js';
import { LANGUAGE_NAMES } from './language-names.js';
import { LANGUAGES } from './languages.js';
import type { PathAttempt, ServingPath, ValidationReport } from './ports.js';
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
  // A Hindi sentence names Tamil as तमिल: a reader may not read the named language's own script.
  // A language without a row gets English sentences from message(), so it gets the English name.
  return inLanguage === code ? info.nativeName : (LANGUAGE_NAMES[inLanguage]?.[code] ?? info.englishName);
}

/** The one line a reply carries when no model or API can translate to the chosen language. */
export function translationUnavailableNote(from: string, to: string): string {
  return message(from, 'note.translation-unavailable', { language: languageName(to, from) });
}

/** The one line a reply carries when a model or API that can translate failed this time. */
export function translationFailedNote(from: string, to: string): string {
  return message(from, 'note.translation-failed', { language: languageName(to, from) });
}

/** One short caveat naming the checks that failed. */
export function validationCaveat(language: string, report: ValidationReport): string {
  const failed = report.checks.filter((c) => !c.passed).map((c) => message(language, `check.${c.name}` as MessageKey));
  return message(language, 'note.validation-caveat', { checks: failed.join(listSeparator(language)) });
}

/** Why a path did not serve, in the words a reply uses; null when it is not worth telling the reader. */
export type PathCause = 'circuit-open' | 'busy' | 'timeout' | 'failed' | 'rejected';

export function pathCause(attempt: PathAttempt): PathCause | null {
  if (attempt.outcome === 'served') return null;
  if (attempt.outcome === 'rejected') return 'rejected';
  const reason = attempt.reason ?? '';
  if (/circuit (open|half-open|isolated)/u.test(reason)) return 'circuit-open';
  if (/\bbusy\b/u.test(reason)) return 'busy';
  if (attempt.outcome !== 'failed') return null;
  return /timed out/u.test(reason) ? 'timeout' : 'failed';
}

/**
 * One short line naming the paths that did not serve and why, e.g. "Local model: paused after
 * repeated failures", or null. Paths skipped because nothing is installed or configured are left
 * out (they say nothing new on every reply), and so are other tries of the path that served.
 */
export function fallbackNote(results: ReadonlyArray<{ attempts?: readonly PathAttempt[]; servedPath: ServingPath }>, language: string): string | null {
  const causes = new Map<ServingPath, Set<PathCause>>();
  for (const { attempts, servedPath } of results) {
    for (const attempt of attempts ?? []) {
      const cause = attempt.path === servedPath ? null : pathCause(attempt);
      if (!cause) continue;
      const set = causes.get(attempt.path) ?? new Set<PathCause>();
      set.add(cause);
      causes.set(attempt.path, set);
    }
  }
  if (causes.size === 0) return null;
  return [...causes]
    .map(([path, set]) => message(language, 'fallback.path-reason', {
      path: message(language, `path.${path}`),
      reason: [...set].map((c) => message(language, `why.${c}`)).join(listSeparator(language)),
    }))
    .join(language === 'ur' ? '؛ ' : '; ');
}

/** Urdu writes its own comma; every other supported language uses the Latin one. */
function listSeparator(language: string): string {
  return language === 'ur' ? '، ' : ', ';
}
