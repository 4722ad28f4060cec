import { isSupportedLanguage, LANGUAGE_CODES } from '../../src/core/languages.js';
import { CliUsageError } from './read-input.js';

export function parseGrade(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const grade = Number(value);
  if (!Number.isInteger(grade) || grade < 1 || grade > 12) throw new CliUsageError(`--grade must be a whole number from 1 to 12, got "${value}"`);
  return grade;
}

export function parseLanguage(flag: string, value: string | undefined, allowAuto: boolean): string | undefined {
  if (value === undefined) return undefined;
  const code = value.trim().toLowerCase();
  if (allowAuto && code === 'auto') return code;
  if (!isSupportedLanguage(code)) {
    throw new CliUsageError(`${flag} must be ${allowAuto ? 'auto or ' : ''}one of ${LANGUAGE_CODES.join(' ')}, got "${value}"`);
  }
  return code;
}
