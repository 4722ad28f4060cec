import type { Config } from '../../config/settings.js';
import { Pipeline } from '../core/pipeline.js';
import type { InputLimits, Simplifier } from '../core/ports.js';
import { TextValidator } from '../validate/text-validator.js';
import { EspeakSynthesizer } from '../speak/espeak-synthesizer.js';
import { createModelServices } from '../models/create-model-services.js';
import { createBackendPolicies, createFallbackServices } from '../resilience/create-fallback-services.js';
import { declineSimplifier, declineTranslator, localModelSimplifyLink, localModelTranslateLink } from '../resilience/local-model-links.js';
import { recognizeLink } from '../resilience/chained-speech-recognizer.js';
import { speakLink } from '../resilience/chained-speech-synthesizer.js';
import { PathDeclinedError } from '../resilience/path-declined-error.js';
import { speechModelGuard } from '../resilience/speech-model-guard.js';
import { createSpeechServices } from '../speech/create-speech-services.js';
import { indicTrans2Link } from '../translate/indictrans2/indictrans2-link.js';
import { inputLimits } from './input-limits.js';
import type { Logger } from '../log/logger.js';
import { JobThreadSimplifier, JobThreadSynthesizer } from './on-job-thread.js';
import { SimplifierLoadedOnUse } from './load-lazily.js';
import { pipelineThreadSettings } from './pipeline-thread-settings.js';
import { ThreadedPipeline } from './threaded-pipeline.js';

export { inputLimits };

export interface Services {
  pipeline: Pipeline;
  simplifier: Simplifier;
  limits: InputLimits;
  health(): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * The composition root: the one place that picks concrete backends from the configuration.
 * Each task runs a chain — local model -> remote API -> embedded default — and with no model
 * and no API configured the chain is just the embedded default. Heavy parts (OCR workers,
 * WASM voices, native model bindings) load lazily on first use, so a text-only job or the
 * health check does not pay for them.
 *
 * Memory: a module once imported stays resident for the process's life, in each thread that
 * imports it. With PIPELINE_THREADS > 0 the job's own parts (extractors, OCR, encoder, key facts,
 * the rule-based simplifier) are built on the pipeline threads, so this thread does not import
 * them at all; with PIPELINE_THREADS=0 they are imported here, where the jobs run.
 */
export async function composeServices(config: Config, logger: Logger): Promise<Services> {
  const limits = inputLimits(config);
  const settings = pipelineThreadSettings(config, limits);
  const threaded = config.pipelineThreads > 0;
  const inThread = threaded ? null : (await import('./pipeline-thread-parts.js')).buildPipelineThreadParts(settings);
  const validator = new TextValidator();
  const { policies, modelGuard } = createBackendPolicies(config, logger);
  const models = createModelServices({
    config,
    logger,
    validator,
    fallbackSimplifier: declineSimplifier,
    fallbackTranslator: declineTranslator,
    wrapModels: (installed) => modelGuard.decorate(installed),
  });
  // Installed sherpa-onnx recognisers and voices, held in the same memory-budgeted pool as the
  // LLMs; with none installed for a language the link declines and the chain moves on.
  const speech = createSpeechServices({
    modelsDir: config.modelsDir,
    maxAudioSeconds: config.maxAudioSeconds,
    languageConfidence: config.spokenLanguageConfidence,
    speed: config.ttsSpeed,
    maxSpeechChars: config.maxSpeechChars,
    pool: models.pool,
    decline: (reason) => new PathDeclinedError(reason),
    onProblem: (problem) => logger.warn({ problem }, 'installed speech model skipped'),
    guard: speechModelGuard(policies, config),
  });
  const fallback = createFallbackServices({
    config,
    policies,
    validator,
    logger,
    // The last resorts run on the job's own thread when jobs run on pipeline threads, else here.
    // Threaded, this thread runs them only for a call made outside any job (never in `serve`):
    // the rule-based simplifier's module (compromise, word lists) is imported then, if ever.
    ruleBased: new JobThreadSimplifier(inThread?.ruleBased ?? new SimplifierLoadedOnUse(async () => {
      const { RuleBasedSimplifier } = await import('../simplify/rule-based/rule-based-simplifier.js');
      return new RuleBasedSimplifier();
    })),
    embeddedVoice: new JobThreadSynthesizer(inThread?.voice ?? new EspeakSynthesizer({ speed: config.ttsSpeed, maxChars: config.maxSpeechChars })),
    local: {
      simplify: [localModelSimplifyLink(models.simplifier)],
      // IndicTrans2 (ONNX) first: a dedicated translation model, far faster and better at Indian
      // languages than a general GGUF model; it declines pairs no installed export covers.
      translate: [
        indicTrans2Link({ config, pool: models.pool, budgetBytes: models.budget.bytes, policies, validator, logger }),
        localModelTranslateLink(models.translator),
      ],
      recognize: [recognizeLink(speech.recognizer, { path: 'local-model', name: 'local speech model' })],
      speak: [speakLink(speech.synthesizer, { path: 'local-model', name: 'local voice' })],
    },
  });
  // PIPELINE_THREADS > 0: jobs run on worker threads (the CPU-heavy parts built there); the
  // chains above, with the model pool, breakers and bulkheads, stay here, one for the service.
  const pipeline = inThread
    ? new Pipeline({
        ...inThread.local,
        recognizer: fallback.recognizer,
        simplifier: fallback.simplifier,
        translator: fallback.translator,
        synthesizer: fallback.synthesizer,
      })
    : new ThreadedPipeline({
        settings,
        backends: fallback,
        threads: config.pipelineThreads,
        // Room for all JOB_CONCURRENCY jobs at once, as on the main thread: one job's OCR overlaps another's CPU stages.
        jobsPerThread: Math.ceil(config.jobConcurrency / config.pipelineThreads),
        logger,
      });
  return {
    pipeline,
    simplifier: fallback.simplifier,
    limits,
    health: () => ({ models: models.health(), ...fallback.health(), ...(pipeline instanceof ThreadedPipeline ? { pipelineThreads: pipeline.stats() } : {}) }),
    close: async () => {
      if (pipeline instanceof ThreadedPipeline) await pipeline.close();
      await inThread?.close();
      await models.close();
    },
  };
}
