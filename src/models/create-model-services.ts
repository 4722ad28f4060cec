import path from 'node:path';
import { parseScoreBands, type Config } from '../../config/settings.js';
import type { Simplifier, Translator, Validator } from '../core/ports.js';
import { estimateGgufMemory } from './llama/estimate-gguf-memory.js';
import { LlamaRuntime } from './llama/llama-runtime.js';
import { LlamaTextGenerator } from './llama/llama-text-generator.js';
import { LocalModels, type TierModels } from './local-models.js';
import { resolveMemoryBudget } from './memory-budget.js';
import { silentLogger, type ModelLogger } from './model-logger.js';
import { ModelPool, type PoolStats } from './model-pool.js';
import { ModelSimplifier } from './model-simplifier.js';
import { ModelStore } from './model-store.js';
import { ModelTranslator } from './model-translator.js';
import type { TextGenerator } from './text-generator.js';
import { TierRouter, type ScoreBand, type TierRouterOptions } from './tier-router.js';

export interface ModelServicesOptions {
  config: Config;
  logger?: ModelLogger;
  validator: Validator;
  /** Serves simplification when no local model can (the rule-based simplifier). */
  fallbackSimplifier: Simplifier;
  /** Tried when no local model can translate (a remote API, later); none means translation is declined. */
  fallbackTranslator?: Translator;
  /**
   * Wraps the installed models the simplifier and translator route through, e.g. with a circuit
   * breaker and bulkhead per model (src/resilience/model-guard.ts). Defaults to none.
   */
  wrapModels?: (models: TierModels) => TierModels;
}

export interface ModelServices {
  simplifier: Simplifier;
  translator: Translator;
  pool: ModelPool<TextGenerator>;
  store: ModelStore;
  localModels: LocalModels;
  budget: { bytes: number; explanation: string };
  /** Synchronous: what the last request saw, never a disk read or a model load. */
  health(): { installedModels: readonly string[]; runtimeStarted: boolean; pool: PoolStats };
  close(): Promise<void>;
}

/**
 * Wires the local-model path from the configuration. Nothing here touches node-llama-cpp: the
 * binding loads on the first request that has a model to run, so a start-up with no model costs
 * nothing and the fallback serves exactly as before.
 */
export function createModelServices(options: ModelServicesOptions): ModelServices {
  const { config, validator } = options;
  const logger = options.logger ?? silentLogger;
  const budget = resolveMemoryBudget(config.modelMemoryBudget);
  const store = new ModelStore(path.resolve(config.modelsDir));
  const runtime = new LlamaRuntime({ gpu: config.llmGpu, threads: config.llmThreads, logger });
  const pool = new ModelPool<TextGenerator>({ budgetBytes: budget.bytes, idleUnloadMs: config.modelIdleUnloadSeconds * 1000, logger });
  const localModels = new LocalModels({
    store,
    budgetBytes: budget.bytes,
    estimateBytes: async (file) => (await estimateGgufMemory(file, { contextSize: config.llmContextSize, runtime })).bytes,
    load: (model, signal) => LlamaTextGenerator.load(runtime, { modelId: model.manifest.id, file: model.file, contextSize: config.llmContextSize, signal }),
    logger,
  });
  const router = new TierRouter(routerOptions(config));
  const common = { models: options.wrapModels ? options.wrapModels(localModels) : localModels, pool, router, validator, timeoutMs: config.llmTimeoutSeconds * 1000, maxTokens: config.llmMaxTokens, logger };
  logger.info({ budgetBytes: budget.bytes, budget: budget.explanation, modelsDir: store.dir }, 'local models configured');
  return {
    simplifier: new ModelSimplifier({ ...common, fallback: options.fallbackSimplifier }),
    translator: new ModelTranslator({ ...common, fallback: options.fallbackTranslator }),
    pool,
    store,
    localModels,
    budget,
    health: () => ({ installedModels: localModels.installedIds, runtimeStarted: runtime.started, pool: pool.stats() }),
    close: async () => {
      await pool.close();
      await runtime.dispose();
    },
  };
}

/** The router's tables from the configuration strings (validated at start-up by config/settings.ts). */
export function routerOptions(config: Config): TierRouterOptions {
  const [small, medium] = config.routerThresholds.split(',').map((n) => Number(n.trim()));
  const subject = /technical\s*:\s*([\d.]+)\s*,\s*\*\s*:\s*([\d.]+)/u.exec(config.routerSubjectWeights);
  return {
    thresholds: [small!, medium!],
    tokenWeights: bands(config.routerTokenWeights),
    gradeWeights: bands(config.routerGradeWeights),
    subjectWeights: subject ? { technical: Number(subject[1]), other: Number(subject[2]) } : undefined,
    translateWeight: config.routerTranslateWeight,
    technicalSubjects: config.routerTechnicalSubjects.split(',').map((s) => s.trim()).filter(Boolean),
  };
}

function bands(text: string): ScoreBand[] {
  const parsed = parseScoreBands(text);
  if (!parsed) throw new Error(`invalid router bands: ${text}`);
  return parsed;
}
