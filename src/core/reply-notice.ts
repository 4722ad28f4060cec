import { languageName, message, validationCaveat, type MessageKey } from './messages.js';
import type { ValidationReport } from './ports.js';

/**
 * One plain statement a reply carries (no translation here, a check failed, the voice note is
 * shortened), kept as data so that it is written in the reader's conversation language when the
 * reply is sent, not in the language of the page. What only an operator can act on (pull a model,
 * set an API key) is never part of it: that goes in `adminHint`, for the log, /healthz and the CLI.
 */
export interface ReplyNotice {
  key: MessageKey;
  /** Plain values: numbers, names. */
  params?: Record<string, string | number>;
  /** Values that are language codes, named in the reader's language ("ta" -> "तमिल"). */
  languages?: Record<string, string>;
  /** Failed validation checks, for 'note.validation-caveat'. */
  checks?: ValidationReport['checks'];
  /** What an operator could do about it, in English; never shown to a chat user. */
  adminHint?: string;
}

/** The notice as one sentence in the given language. */
export function renderNotice(notice: ReplyNotice, language: string): string {
  if (notice.key === 'note.validation-caveat' && notice.checks) return validationCaveat(language, { passed: false, checks: notice.checks });
  const names: Record<string, string> = {};
  for (const [name, code] of Object.entries(notice.languages ?? {})) names[name] = languageName(code, language);
  return message(language, notice.key, { ...notice.params, ...names });
}

/** The admin hints of the notices, each once, in order. */
export function adminHintsOf(notices: readonly ReplyNotice[]): string[] {
  return [...new Set(notices.flatMap((n) => (n.adminHint ? [n.adminHint] : [])))];
}
