import type { ValidateRequest, ValidationCheck, ValidationReport, Validator } from '../core/ports.js';
import { checkFragments } from './check-fragments.js';
import { checkLengthRatio } from './check-length-ratio.js';
import { checkNamesKept } from './check-names-kept.js';
import { checkNotEmpty } from './check-not-empty.js';
import { checkNumbersKept } from './check-numbers-kept.js';
import { checkReadingLevel } from './check-reading-level.js';
import { checkScript } from './check-script.js';
import type { CheckOptions, TextCheck } from './text-check.js';

export interface TextValidatorOptions {
  /**
   * Longest text, in characters, that compromise parses for English names and number words;
   * longer text gets only the token rules (compromise costs about 20 µs a character on the event
   * loop; 20,000 characters of one-letter sentences took 3.5 s on the loaded 2-core dev box).
   * Defaults to 10000.
   */
  nlpMaxChars?: number;
}

const CHECKS: ReadonlyArray<[string, TextCheck]> = [
  ['not-empty', checkNotEmpty],
  ['script', checkScript],
  ['reading-level', checkReadingLevel],
  ['numbers-kept', checkNumbersKept],
  ['names-kept', checkNamesKept],
  ['length-ratio', checkLengthRatio],
  ['fragments', checkFragments],
];

/**
 * Checks a simplified or translated text against its source with rules that need no model:
 * not empty, right script, reading level for the grade, numbers and names kept, sane length.
 * passed is true only when every check passed.
 */
export class TextValidator implements Validator {
  private readonly options: CheckOptions;

  constructor(options: TextValidatorOptions = {}) {
    this.options = { nlpMaxChars: options.nlpMaxChars ?? 10_000 };
  }

  validate(request: ValidateRequest): ValidationReport {
    const checks = CHECKS.map(([name, check]) => this.run(name, check, request));
    return { passed: checks.every((c) => c.passed), checks };
  }

  private run(name: string, check: TextCheck, request: ValidateRequest): ValidationCheck {
    try {
      return check(request, this.options);
    } catch (err) {
      // A check that cannot run cannot vouch for the text: report it failed, without user text.
      return { name, passed: false, score: 0, detail: `check could not run: ${err instanceof Error ? err.name : typeof err}` };
    }
  }
}
