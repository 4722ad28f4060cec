import os from 'node:os';
import type { Config } from '../../../config/settings.js';
import type { Validator } from '../../core/ports.js';
import type { ModelLogger } from '../../models/model-logger.js';
import type { BackendPolicies } from '../../resilience/backend-policies.js';
import { translateLink, type TranslateLink } from '../../resilience/chained-translator.js';
import { IndicTrans2Translator, type TranslationModelPool } from './indictrans2-translator.js';
import { TranslationModelStore } from './translation-model-store.js';

export interface IndicTrans2LinkOptions {
  config: Config;
  /** The shared model pool (the GGUF models' and voices'), so one budget covers everything loaded. */
  pool: TranslationModelPool;
  budgetBytes: number;
  policies: BackendPolicies;
  validator: Validator;
  logger?: ModelLogger;
}

/**
 * The installed IndicTrans2 models as the first link of the translate chain: behind their own
 * breaker, bulkhead and timeout, their output validated like every other path's, declining (so
 * the GGUF models and the remote API follow) when no installed model covers the pair.
 */
export function indicTrans2Link(options: IndicTrans2LinkOptions): TranslateLink {
  const { config } = options;
  const translator = new IndicTrans2Translator({
    store: new TranslationModelStore(config.modelsDir),
    pool: options.pool,
    budgetBytes: options.budgetBytes,
    session: {
      threads: config.llmThreads > 0 ? config.llmThreads : Math.max(1, os.availableParallelism() - 1),
      tryCuda: config.llmGpu === 'auto' || config.llmGpu === 'cuda',
    },
    logger: options.logger,
  });
  const policy = options.policies.get('local-model indictrans2', {
    timeoutMs: config.llmTimeoutSeconds * 1000,
    bulkhead: { concurrency: config.localModelConcurrency, queue: config.localModelQueue },
  });
  return translateLink(translator, { path: 'local-model', name: 'local IndicTrans2 model', policy, validator: options.validator });
}
