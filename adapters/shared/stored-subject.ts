import type { UserPreferences } from '../../src/app/service-runtime.js';

/** A stored subject is used only as a short plain name: it came from the user, and reaches prompts and logs. */
export function storedSubject(stored: UserPreferences): string | undefined {
  const subject = typeof stored.subject === 'string' ? stored.subject.trim().toLowerCase() : '';
  return /^[\p{L}\p{M} ]{2,40}$/u.test(subject) ? subject : undefined;
}
