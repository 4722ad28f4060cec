import type { BackendInfo, RoutingDecision } from '../core/ports.js';
import type { TierCandidate } from './local-models.js';
import type { ModelLogger } from './model-logger.js';
import type { RoutingTask, TierRouter } from './tier-router.js';
import type { Tier } from './tiers.js';

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
