import { languageName, message, validationCaveat } from './messages.js';
import type { ReplyNotice } from './ports.js';
import { unsureNumbersNote } from './unsure-numbers-note.js';

export type { ReplyNotice } from './ports.js';

/** The notice as one sentence in the given language. */
export function renderNotice(notice: ReplyNotice, language: string): string {
  if (notice.key === 'note.validation-caveat' && notice.checks) return validationCaveat(language, { passed: false, checks: notice.checks });
  if (notice.key === 'note.unsure-numbers' && notice.unsureNumbers) return unsureNumbersNote(language, notice.unsureNumbers);
  const names: Record<string, string> = {};
  for (const [name, code] of Object.entries(notice.languages ?? {})) names[name] = languageName(code, language);
  return message(language, notice.key, { ...notice.params, ...names });
}

/** The admin hints of the notices, each once, in order. */
export function adminHintsOf(notices: readonly ReplyNotice[]): string[] {
  return [...new Set(notices.flatMap((n) => (n.adminHint ? [n.adminHint] : [])))];
}
