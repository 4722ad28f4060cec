import type { TranslateRequest, TranslateResult, Translator } from '../core/ports.js';
import { generateChunked } from './generate-chunked.js';
import { buildTranslatePrompt } from './prompts/translate-prompt.js';
import { localModelBackend, routedTaskSettings, routeTask, type RoutedModelTaskOptions } from './route-task.js';
import { runTierChain } from './tier-chain.js';
import { estimateTokens } from './tier-router.js';
import { outputSanityProblem } from './output-sanity.js';
import { validationVerdict } from './validation-verdict.js';

export interface ModelTranslatorOptions extends RoutedModelTaskOptions {
  /** What to try when no local model translates (e.g. a remote API); none means null is returned. Defaults to none. */
  fallback?: Translator;
}

/** Grade assumed when the request does not say: the most lenient reading-level check. */
const UNKNOWN_GRADE = 12;

/**
 * Translates on a local model chosen by the tier router (routed tier, then larger ones, each
 * answer validated). There is no rule-based translation: when no model can, it hands over to
 * the fallback if there is one, else returns null and the pipeline says the text stays untranslated.
 */
export class ModelTranslator implements Translator {
  private readonly settings: ReturnType<typeof routedTaskSettings>;

  constructor(private readonly options: ModelTranslatorOptions) {
    this.settings = routedTaskSettings(options);
  }

  async translate(request: TranslateRequest): Promise<TranslateResult | null> {
    if (!(await this.options.models.anyInstalled('translate'))) return this.options.fallback ? this.options.fallback.translate(request) : null;
    const started = performance.now();
    await this.options.validator.ready?.();
    const grade = request.grade ?? UNKNOWN_GRADE;
    const candidates = await this.options.models.candidates('translate', [request.from, request.to]);
    const { startTier, routing } = routeTask(
      this.options.router,
      { tokens: estimateTokens(request.text), grade, subject: request.subject, translates: true },
      candidates,
      this.settings.logger,
      { task: 'translate', from: request.from, to: request.to },
    );

    const chain = await runTierChain({
      task: 'translate',
      startTier,
      candidates,
      pool: this.options.pool,
      deadline: started + this.settings.timeoutMs,
      signal: request.signal,
      logger: this.settings.logger,
      generate: async (generator, signal) =>
        (await generateChunked(generator, request.text, (chunk) => buildTranslatePrompt({ text: chunk, from: request.from, to: request.to }), {
          maxTokens: this.settings.maxTokens,
          inputShare: 0.3,
          signal,
        })).text,
      check: (text) => {
        const problem = outputSanityProblem(text, request.text, true);
        if (problem) return { passed: false, reason: `failed output check: ${problem}` };
        return validationVerdict(this.options.validator.validate({
          source: request.text, sourceLanguage: request.from, output: text, outputLanguage: request.to, grade, translated: true,
        }));
      },
    });

    if (chain.served) {
      this.settings.logger.info({ task: 'translate', model: chain.served.model, tier: chain.served.tier, attempts: chain.attempts }, 'local model served');
      return {
        text: chain.served.text,
        language: request.to,
        backend: localModelBackend(chain.served),
        attempts: chain.attempts,
        routing,
      };
    }
    request.signal?.throwIfAborted();
    const result = this.options.fallback ? await this.options.fallback.translate(request) : null;
    this.settings.logger.info({ task: 'translate', served: result?.backend.name ?? null, attempts: chain.attempts }, result ? 'fallback served after the local models' : 'no path could translate');
    if (!result) return null;
    const attempts = [...chain.attempts, ...(result.attempts ?? [{ path: result.backend.path, name: result.backend.name, model: result.backend.model, tier: result.backend.tier, outcome: 'served' as const }])];
    return { ...result, attempts, routing: result.routing ?? routing };
  }
}
