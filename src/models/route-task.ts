import type { BackendInfo, RoutingDecision, Validator } from '../core/ports.js';
import type { TierCandidate, TierModels } from './local-models.js';
import { silentLogger, type ModelLogger } from './model-logger.js';
import type { ModelPool } from './model-pool.js';
import type { TextGenerator } from './text-generator.js';
import type { RoutingTask, TierRouter } from './tier-router.js';
import type { Tier } from './tiers.js';

/** What a task served by routed local models (simplify, translate) needs. */
export interface RoutedModelTaskOptions {
  models: TierModels;
  pool: ModelPool<TextGenerator>;
  router: TierRouter;
  validator: Validator;
  /** Time budget of the local model paths of one request, in ms. Defaults to 120000. */
  timeoutMs?: number;
  /** Most tokens generated per chunk. Defaults to 1024. */
  maxTokens?: number;
  /** Defaults to no logging. */
  logger?: ModelLogger;
}

/** The options' defaults filled in. */
export function routedTaskSettings(options: RoutedModelTaskOptions): { timeoutMs: number; maxTokens: number; logger: ModelLogger } {
  return { timeoutMs: options.timeoutMs ?? 120_000, maxTokens: options.maxTokens ?? 1024, logger: options.logger ?? silentLogger };
}

/**
 * Asks the tier router where a task starts, logs the decision with its reasons, and returns it in
 * the form the report carries. startTier is null when no installed model can serve any tier.
 */
export function routeTask(
  router: TierRouter,
  task: RoutingTask,
  candidates: Record<Tier, TierCandidate>,
  logger: ModelLogger,
  context: Record<string, unknown>,
): { startTier: Tier | null; routing: RoutingDecision } {
  const route = router.route(task, (tier) => candidates[tier]);
  const routing: RoutingDecision = { score: route.score, tier: route.tier, ...(route.requestedTier ? { requestedTier: route.requestedTier } : {}), reasons: route.reasons };
  logger.info({ ...context, routing }, 'tier router decided');
  return { startTier: route.model ? route.tier : null, routing };
}

/** How a reply names the local model that served. */
export function localModelBackend(served: { model: string; tier: Tier }): BackendInfo {
  return { path: 'local-model', name: `local model ${served.model}`, model: served.model, tier: served.tier };
}
