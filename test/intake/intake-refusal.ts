import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';
import { isInputRefused, type RefusalCode } from '../../src/core/errors.js';
import type { InputLimits } from '../../src/core/ports.js';
import { acceptInput } from '../../src/intake/accept-input.js';

/** How intake refused the bytes (default limits, with overrides); throws if it accepted them. */
export async function intakeRefusal(bytes: Buffer, limits: Partial<InputLimits> = {}): Promise<{ code: RefusalCode; params: Record<string, string | number> }> {
  try {
    const accepted = await acceptInput(bytes, { ...DEFAULT_INPUT_LIMITS, ...limits });
    throw new Error(`accepted as ${accepted.kind}`);
  } catch (err) {
    if (!isInputRefused(err)) throw err;
    return { code: err.code, params: err.params };
  }
}
