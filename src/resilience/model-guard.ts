import type { TierCandidate, TierModels } from '../models/local-models.js';
import type { PoolResource } from '../models/model-pool.js';
import type { GenerateRequest, GenerateResult, TextGenerator } from '../models/text-generator.js';
import type { ModelTask, Tier } from '../models/tiers.js';
import type { BackendPolicies } from './backend-policies.js';
import type { BackendPolicy } from './backend-policy.js';

export interface ModelGuardOptions {
  policies: BackendPolicies;
  /** Longest one load or one generation of a local model may take. */
  timeoutMs: number;
  /** Generations one model runs at once, and how many may wait; beyond both the model is busy. */
  bulkhead: { concurrency: number; queue: number };
}

/**
 * Puts a policy (breaker, bulkhead, timeout) around every local model, by model id, without the
 * model code knowing: it decorates the TierModels the model simplifier and translator route
 * through. A model whose breaker is open, or whose bulkhead is full, is offered as unusable with
 * that reason, so the tier router steps past it and nothing loads or runs it; every other model's
 * load and generate calls go through its policy, so crashes and hangs count and are cut off at
 * the timeout (whose AbortSignal reaches node-llama-cpp).
 */
export class ModelGuard {
  constructor(private readonly options: ModelGuardOptions) {}

  policyFor(modelId: string): BackendPolicy {
    return this.options.policies.get(`local-model ${modelId}`, { timeoutMs: this.options.timeoutMs, bulkhead: this.options.bulkhead });
  }

  decorate(models: TierModels): TierModels {
    return {
      anyInstalled: (task: ModelTask) => models.anyInstalled(task),
      candidates: async (task: ModelTask, languages: readonly string[]) => {
        const candidates = await models.candidates(task, languages);
        const guarded = {} as Record<Tier, TierCandidate>;
        for (const [tier, candidate] of Object.entries(candidates) as Array<[Tier, TierCandidate]>) guarded[tier] = this.guard(candidate);
        return guarded;
      },
    };
  }

  private guard(candidate: TierCandidate): TierCandidate {
    if (!candidate.model || !candidate.resource) return candidate;
    const policy = this.policyFor(candidate.model);
    const skip = policy.skipReason();
    if (skip) {
      const { resource: _unused, ...rest } = candidate;
      return { ...rest, fits: false, problem: skip };
    }
    return { ...candidate, resource: guardedResource(candidate.resource, policy) };
  }
}

function guardedResource(resource: PoolResource<TextGenerator>, policy: BackendPolicy): PoolResource<TextGenerator> {
  return {
    id: resource.id,
    bytes: resource.bytes,
    load: async (signal) => new GuardedTextGenerator(await policy.execute((s) => resource.load(s), signal), policy),
  };
}

/** A loaded model whose every generation runs under the model's policy. */
class GuardedTextGenerator implements TextGenerator {
  constructor(
    private readonly inner: TextGenerator,
    private readonly policy: BackendPolicy,
  ) {}

  get modelId(): string {
    return this.inner.modelId;
  }

  get contextSize(): number {
    return this.inner.contextSize;
  }

  countTokens(text: string): number {
    return this.inner.countTokens(text);
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.policy.execute((signal) => this.inner.generate({ ...request, signal }), request.signal);
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.inner.dispose();
  }
}
