import type { ValidateRequest, ValidationCheck } from '../core/ports.js';

/** The fixed names of the checks; messages.ts has a user-facing line for each (`check.<name>`). */
export type CheckName = 'not-empty' | 'script' | 'reading-level' | 'numbers-kept' | 'names-kept' | 'length-ratio' | 'fragments';

export interface CheckOptions {
  /**
   * Longest text, in characters, that compromise (the English NLP library) parses for names and
   * written-out numbers; it costs about 20 µs a character and runs on the event loop, so longer
   * text gets only the cheap token rules.
   */
  nlpMaxChars: number;
}

/** One validation check: a pure function of the request that never throws on odd text. */
export type TextCheck = (request: ValidateRequest, options: CheckOptions) => ValidationCheck & { name: CheckName };

export function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
