import type { PathAttempt, Simplifier, SimplifyRequest, SimplifyResult } from '../core/ports.js';
import { generateChunked } from './generate-chunked.js';
import { buildSimplifyPrompt } from './prompts/simplify-prompt.js';
import { localModelBackend, routedTaskSettings, routeTask, type RoutedModelTaskOptions } from './route-task.js';
import { runTierChain } from './tier-chain.js';
import { estimateTokens } from './tier-router.js';
import { outputSanityProblem } from './output-sanity.js';
import { validationVerdict } from './validation-verdict.js';

export interface ModelSimplifierOptions extends RoutedModelTaskOptions {
  /** What serves when no local model can or every model's answer was rejected (the rule-based simplifier, or a chain ending in it). */
  fallback: Simplifier;
}

/**
 * Simplifies on a local model chosen by the tier router: the routed tier first, then larger
 * tiers, each answer checked by the validator, and the fallback when none passes or time runs
 * out. With no model installed it is the fallback, unchanged.
 */
export class ModelSimplifier implements Simplifier {
  private readonly settings: ReturnType<typeof routedTaskSettings>;

  constructor(private readonly options: ModelSimplifierOptions) {
    this.settings = routedTaskSettings(options);
  }

  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    if (!(await this.options.models.anyInstalled('simplify'))) return this.options.fallback.simplify(request);
    const started = performance.now();
    const candidates = await this.options.models.candidates('simplify', [request.language]);
    const { startTier, routing } = routeTask(
      this.options.router,
      { tokens: estimateTokens(request.text), grade: request.grade, subject: request.subject, translates: request.alsoTranslates ?? false },
      candidates,
      this.settings.logger,
      { task: 'simplify' },
    );

    const chain = await runTierChain({
      task: 'simplify',
      startTier,
      candidates,
      pool: this.options.pool,
      deadline: started + this.settings.timeoutMs,
      signal: request.signal,
      logger: this.settings.logger,
      generate: async (generator, signal) =>
        (await generateChunked(generator, request.text, (chunk) => buildSimplifyPrompt({ text: chunk, grade: request.grade, language: request.language, subject: request.subject }), {
          maxTokens: this.settings.maxTokens,
          inputShare: 0.45,
          signal,
        })).text,
      check: (text) => {
        const problem = outputSanityProblem(text, request.text, false);
        if (problem) return { passed: false, reason: `failed output check: ${problem}` };
        return validationVerdict(this.options.validator.validate({
          source: request.text, sourceLanguage: request.language, output: text, outputLanguage: request.language, grade: request.grade, translated: false,
        }));
      },
    });

    if (chain.served) {
      this.settings.logger.info({ task: 'simplify', model: chain.served.model, tier: chain.served.tier, attempts: chain.attempts }, 'local model served');
      return {
        text: chain.served.text,
        backend: localModelBackend(chain.served),
        notes: [],
        attempts: chain.attempts,
        routing,
      };
    }
    request.signal?.throwIfAborted();
    const fallbackStarted = performance.now();
    const result = await this.options.fallback.simplify(request);
    const fallbackAttempts: PathAttempt[] = result.attempts ?? [{
      path: result.backend.path, name: result.backend.name, model: result.backend.model, tier: result.backend.tier, outcome: 'served', ms: Math.round(performance.now() - fallbackStarted),
    }];
    const attempts = [...chain.attempts, ...fallbackAttempts];
    this.settings.logger.info({ task: 'simplify', served: result.backend.name, attempts }, 'fallback served after the local models');
    return { ...result, attempts, routing: result.routing ?? routing };
  }
}
