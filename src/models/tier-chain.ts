import type { PathAttempt } from '../core/ports.js';
import type { TierCandidate } from './local-models.js';
import { silentLogger, type ModelLogger } from './model-logger.js';
import type { ModelPool } from './model-pool.js';
import type { TextGenerator } from './text-generator.js';
import { largerTiers, TIERS, type ModelTask, type Tier } from './tiers.js';

export interface TierChainRequest {
  task: ModelTask;
  /** The tier the router chose; null when no tier can serve. */
  startTier: Tier | null;
  candidates: Record<Tier, TierCandidate>;
  pool: ModelPool<TextGenerator>;
  /** performance.now() by which the model paths must be done; later tiers are skipped after it. */
  deadline: number;
  signal?: AbortSignal;
  /** Produces the text with a loaded model. */
  generate: (generator: TextGenerator, signal: AbortSignal) => Promise<string>;
  /** Judges the text: rejected output is never returned. */
  check: (text: string) => { passed: boolean; reason: string };
  logger?: ModelLogger;
}

export interface TierChainResult {
  served: { text: string; model: string; tier: Tier } | null;
  attempts: PathAttempt[];
}

/**
 * Tries the routed tier, then each larger tier, each with what is left of the time budget; an
 * answer that fails the check moves on to the next tier. Every try is recorded with its outcome
 * and reason. Cancellation by the caller's signal ends the chain at once.
 */
export async function runTierChain(request: TierChainRequest): Promise<TierChainResult> {
  const logger = request.logger ?? silentLogger;
  const attempts: PathAttempt[] = [];
  if (request.startTier === null) {
    // Name each installed model and why it cannot serve (too big, circuit open, busy), so the
    // report says more than "none could".
    const unusable = TIERS.map((tier) => request.candidates[tier]).filter((c) => c.installed);
    for (const c of unusable) {
      attempts.push({ path: 'local-model', name: c.model ? `local model ${c.model}` : `local ${c.tier} model`, model: c.model, tier: c.tier, outcome: 'skipped', reason: c.problem ?? 'does not fit the memory budget' });
    }
    if (unusable.length === 0) attempts.push({ path: 'local-model', name: 'local model', outcome: 'skipped', reason: 'no installed model can serve this task within the memory budget' });
    return { served: null, attempts };
  }
  for (const tier of [request.startTier, ...largerTiers(request.startTier)]) {
    const candidate = request.candidates[tier];
    const name = candidate.model ? `local model ${candidate.model}` : `local ${tier} model`;
    if (!candidate.installed || !candidate.fits || !candidate.resource) {
      if (tier !== request.startTier && !candidate.installed) continue;
      attempts.push({
        path: 'local-model', name, model: candidate.model, tier, outcome: 'skipped',
        reason: !candidate.installed ? 'no model installed' : candidate.problem ?? 'does not fit the memory budget',
      });
      continue;
    }
    const remaining = request.deadline - performance.now();
    if (remaining <= 0) {
      attempts.push({ path: 'local-model', name, model: candidate.model, tier, outcome: 'skipped', reason: 'time budget spent' });
      continue;
    }
    const started = performance.now();
    const timeout = AbortSignal.timeout(Math.ceil(remaining));
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let text: string;
    try {
      text = await request.pool.use(candidate.resource, (generator) => request.generate(generator, signal), signal);
    } catch (err) {
      if (request.signal?.aborted) throw err;
      const reason = timeout.aborted ? `timed out (time budget ${Math.round(remaining)} ms)` : `failed: ${err instanceof Error ? err.message : String(err)}`;
      attempts.push({ path: 'local-model', name, model: candidate.model, tier, outcome: 'failed', reason, ms: elapsed(started) });
      logger.warn({ task: request.task, model: candidate.model, tier, reason }, 'local model path failed');
      continue;
    }
    const verdict = request.check(text);
    if (!verdict.passed) {
      attempts.push({ path: 'local-model', name, model: candidate.model, tier, outcome: 'rejected', reason: verdict.reason, ms: elapsed(started) });
      logger.warn({ task: request.task, model: candidate.model, tier, reason: verdict.reason }, 'local model output failed validation');
      continue;
    }
    attempts.push({ path: 'local-model', name, model: candidate.model, tier, outcome: 'served', ms: elapsed(started) });
    return { served: { text, model: candidate.model!, tier }, attempts };
  }
  return { served: null, attempts };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
