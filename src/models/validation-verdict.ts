import type { ValidationReport } from '../core/ports.js';

/** The pass/fail of a validation report, with the failed checks named (names only: details may quote the text). */
export function validationVerdict(report: ValidationReport): { passed: boolean; reason: string } {
  if (report.passed) return { passed: true, reason: 'passed validation' };
  const failed = report.checks.filter((c) => !c.passed).map((c) => c.name);
  return { passed: false, reason: `failed validation: ${failed.join(', ') || 'unknown check'}` };
}
