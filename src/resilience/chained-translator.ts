import { BusyError, TranslationFailedError } from '../core/errors.js';
import type { TranslateRequest, TranslateResult, Translator, Validator } from '../core/ports.js';
import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';
import type { BackendPolicy } from './backend-policy.js';
import { describeAttempts, FallbackChain, troubledAttempts, type ChainLink } from './fallback-chain.js';
import { PathDeclinedError } from './path-declined-error.js';
import { validationCheck } from './validation-check.js';

export type TranslateLink = ChainLink<TranslateRequest, TranslateResult>;

/** Grade assumed when the request does not say: the most lenient reading-level check. */
const UNKNOWN_GRADE = 12;

export interface ChainedTranslatorOptions {
  /** Paths tried in order: local model(s), then the remote API. There is no rule-based translation. */
  links: TranslateLink[];
  /** Time for all links together, in ms. Defaults to no limit but the request's signal. */
  budgetMs?: number;
  /** Defaults to no logging. */
  logger?: RemoteLogger;
}

/**
 * local model -> remote API. Returns the first translation that passes validation, with the
 * attempts. When none serves it logs the attempts and says why, so the reader hears the truth:
 *   - a path was passed over as busy: BusyError ("busy, try again in a minute");
 *   - a path exists but failed (error, timeout, rejected answer, breaker open):
 *     TranslationFailedError (the pipeline keeps the text untranslated, "try again later");
 *   - no path can translate this pair: null (the pipeline says a model or API key is needed).
 */
export class ChainedTranslator implements Translator {
  private readonly chain: FallbackChain<TranslateRequest, TranslateResult>;
  private readonly logger: RemoteLogger;

  constructor(options: ChainedTranslatorOptions) {
    this.logger = options.logger ?? silentRemoteLogger;
    this.chain = new FallbackChain({ task: 'translate', links: options.links, budgetMs: options.budgetMs, logger: this.logger });
  }

  async translate(request: TranslateRequest): Promise<TranslateResult | null> {
    const outcome = await this.chain.run(request, request.signal);
    if (outcome.result) return { ...outcome.result, attempts: outcome.attempts };
    if (outcome.busy) throw new BusyError(`translate: ${describeAttempts(outcome.attempts)}`);
    this.logger.info({ task: 'translate', from: request.from, to: request.to, attempts: outcome.attempts }, 'no path could translate');
    // A path that exists but failed is not "no translation installed": the reader is told to try later.
    const troubled = troubledAttempts(outcome.attempts);
    if (troubled.length > 0) throw new TranslationFailedError(`translate: ${describeAttempts(troubled)}`);
    return null;
  }
}

/** A chain link from any Translator; a null answer counts as "declined", and the output is validated. */
export function translateLink(
  translator: Translator,
  options: { path: TranslateLink['path']; name: string; model?: string; policy?: BackendPolicy; validator?: Validator },
): TranslateLink {
  const { validator } = options;
  return {
    path: options.path,
    name: options.name,
    ...(options.model ? { model: options.model } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    run: async (request, signal) => {
      // The language check needs its model loaded before the synchronous check below runs.
      await validator?.ready?.();
      const result = await translator.translate({ ...request, signal });
      if (!result) throw new PathDeclinedError('cannot translate this language pair');
      return result;
    },
    ...(validator
      ? {
          check: (result: TranslateResult, request: TranslateRequest) =>
            validationCheck(validator, { source: request.text, sourceLanguage: request.from, output: result.text, outputLanguage: request.to, grade: request.grade ?? UNKNOWN_GRADE, translated: true }),
        }
      : {}),
    innerAttempts: (result) => result.attempts,
  };
}
