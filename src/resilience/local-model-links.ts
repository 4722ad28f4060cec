import type { BackendInfo, PathAttempt, Simplifier, SimplifyResult, TranslateRequest, TranslateResult, Translator } from '../core/ports.js';
import type { SimplifyLink } from './chained-simplifier.js';
import type { TranslateLink } from './chained-translator.js';
import { PathDeclinedError } from './path-declined-error.js';

/**
 * The local model simplifier and translator hand over to an injected fallback when no model
 * serves, and report their tier attempts with whatever the fallback returns. Given these
 * "decline" fallbacks, what comes back is marked by this one backend object: the link turns it
 * into a PathDeclinedError carrying the tier attempts, and the chain moves on to the next path.
 */
const DECLINED: BackendInfo = Object.freeze({ path: 'local-model', name: 'no local model served' });

/** The fallback to give the local model simplifier when it is one link of a chain. */
export const declineSimplifier: Simplifier = {
  simplify: async () => ({ text: '', backend: DECLINED, notes: [], attempts: [] }),
};

/** The fallback to give the local model translator when it is one link of a chain. */
export const declineTranslator: Translator = {
  translate: async (request: TranslateRequest) => ({ text: '', language: request.to, backend: DECLINED, attempts: [] }),
};

/** The local model simplifier (built with declineSimplifier) as the first link of a simplify chain; it validates its own output. */
export function localModelSimplifyLink(simplifier: Simplifier): SimplifyLink {
  return {
    path: 'local-model',
    name: 'local model',
    run: async (request, signal) => declinedOr(await simplifier.simplify({ ...request, signal })),
    innerAttempts: (result) => result.attempts,
  };
}

/** The local model translator (built with declineTranslator) as the first link of a translate chain. */
export function localModelTranslateLink(translator: Translator): TranslateLink {
  return {
    path: 'local-model',
    name: 'local model',
    run: async (request, signal) => {
      const result = await translator.translate({ ...request, signal });
      if (!result) throw new PathDeclinedError('no local model translates this pair', [noModel()]);
      return declinedOr(result);
    },
    innerAttempts: (result) => result.attempts,
  };
}

function declinedOr<R extends SimplifyResult | TranslateResult>(result: R): R {
  if (result.backend !== DECLINED) return result;
  const attempts = result.attempts?.length ? result.attempts : [noModel()];
  throw new PathDeclinedError(attempts.at(-1)?.reason ?? 'no local model served', attempts);
}

function noModel(): PathAttempt {
  return { path: 'local-model', name: 'local model', outcome: 'skipped', reason: 'no local model installed for this task' };
}
