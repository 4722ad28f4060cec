import { LANGUAGES } from '../core/languages.js';

/** English name of a language code for check details ("Marathi"); unknown codes shown as a short code. */
export function languageName(code: string): string {
  return LANGUAGES.get(code)?.englishName ?? JSON.stringify(code.slice(0, 8));
}
