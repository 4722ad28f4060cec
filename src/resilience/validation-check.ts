import type { ValidateRequest, Validator } from '../core/ports.js';
import { outputSanityProblem } from '../models/output-sanity.js';
import { validationVerdict } from '../models/validation-verdict.js';

/**
 * A chain link's check, the same one local model output gets: first that the answer is text about
 * the source at all (no broken characters, enough of its words kept), then every validator check.
 * A failed one moves on to the next path. The reason names the failed checks only (their details
 * may quote the text).
 */
export function validationCheck(validator: Validator, request: ValidateRequest): { passed: boolean; reason: string } {
  const problem = outputSanityProblem(request.output, request.source, request.translated);
  if (problem) return { passed: false, reason: `failed output check: ${problem}` };
  return validationVerdict(validator.validate(request));
}
