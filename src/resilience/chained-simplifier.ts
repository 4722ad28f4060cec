import type { BackendInfo, Simplifier, SimplifyRequest, SimplifyResult, Validator } from '../core/ports.js';
import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';
import type { BackendPolicy } from './backend-policy.js';
import { FallbackChain, type ChainLink } from './fallback-chain.js';
import { LastResortSimplifier } from './last-resort-simplifier.js';
import { validationCheck } from './validation-check.js';

export type SimplifyLink = ChainLink<SimplifyRequest, SimplifyResult>;

export interface ChainedSimplifierOptions {
  /** Paths tried in order before the rule-based one: local model(s), then the remote API. */
  links: SimplifyLink[];
  /** The rule-based simplifier: serves when no link does. It is guarded so that it never throws. */
  ruleBased: Simplifier & { readonly backend?: BackendInfo };
  /** Time for all links together, in ms (see FallbackChain). Defaults to no limit but the request's signal. */
  budgetMs?: number;
  /** Defaults to no logging. */
  logger?: RemoteLogger;
}

/**
 * local model -> remote API -> rule-based. The first link whose answer passes validation serves;
 * when none does, the rule-based path answers, and it cannot fail. The result's backend names
 * the path that served and its attempts say why every other did not.
 */
export class ChainedSimplifier implements Simplifier {
  private readonly chain: FallbackChain<SimplifyRequest, SimplifyResult>;
  private readonly ruleBased: LastResortSimplifier;

  constructor(options: ChainedSimplifierOptions) {
    const logger = options.logger ?? silentRemoteLogger;
    this.chain = new FallbackChain({ task: 'simplify', links: options.links, budgetMs: options.budgetMs, logger });
    this.ruleBased = new LastResortSimplifier(options.ruleBased, { logger });
  }

  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    const outcome = await this.chain.run(request, request.signal);
    if (outcome.result) return { ...outcome.result, attempts: outcome.attempts };
    const started = performance.now();
    const result = await this.ruleBased.simplify(request);
    const backend = result.backend;
    return {
      ...result,
      attempts: [...outcome.attempts, { path: backend.path, name: backend.name, outcome: 'served', ms: Math.round(performance.now() - started) }],
    };
  }
}

/** A chain link from any Simplifier (a remote one, a local model), its output checked by the validator. */
export function simplifyLink(
  simplifier: Simplifier,
  options: { path: SimplifyLink['path']; name: string; model?: string; policy?: BackendPolicy; validator?: Validator },
): SimplifyLink {
  const { validator } = options;
  return {
    path: options.path,
    name: options.name,
    ...(options.model ? { model: options.model } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    run: (request, signal) => simplifier.simplify({ ...request, signal }),
    ...(validator
      ? {
          check: (result: SimplifyResult, request: SimplifyRequest) =>
            validationCheck(validator, { source: request.text, sourceLanguage: request.language, output: result.text, outputLanguage: request.language, grade: request.grade, translated: false }),
        }
      : {}),
    innerAttempts: (result) => result.attempts,
  };
}
