import path from 'node:path';
import os from 'node:os';
import type { Config } from '../../config/settings.js';
import { Pipeline } from '../core/pipeline.js';
import type { InputLimits, Simplifier } from '../core/ports.js';
import { acceptInput } from '../intake/accept-input.js';
import { PlainTextExtractor } from '../extract/text-extractor.js';
import { DocxExtractor } from '../extract/docx-extractor.js';
import { PdfExtractor } from '../extract/pdf/pdf-extractor.js';
import { ImageExtractor } from '../extract/image/image-extractor.js';
import { PageImageReader } from '../extract/image/page-image-reader.js';
import { TesseractOcrPool } from '../extract/ocr/tesseract-ocr-pool.js';
import { RuleBasedSimplifier } from '../simplify/rule-based/rule-based-simplifier.js';
import { TextValidator } from '../validate/text-validator.js';
import { EspeakSynthesizer } from '../speak/espeak-synthesizer.js';
import { OggOpusEncoder } from '../audio/ogg-opus-encoder.js';
import { speechPrefix } from '../speak/speech-prefix.js';
import { createModelServices } from '../models/create-model-services.js';
import { createBackendPolicies, createFallbackServices } from '../resilience/create-fallback-services.js';
import { declineSimplifier, declineTranslator, localModelSimplifyLink, localModelTranslateLink } from '../resilience/local-model-links.js';
import { recognizeLink } from '../resilience/chained-speech-recognizer.js';
import { speakLink } from '../resilience/chained-speech-synthesizer.js';
import { PathDeclinedError } from '../resilience/path-declined-error.js';
import { speechModelGuard } from '../resilience/speech-model-guard.js';
import { createSpeechServices } from '../speech/create-speech-services.js';
import { inputLimits } from './input-limits.js';
import type { Logger } from './logger.js';
import { JobThreadSimplifier, JobThreadSynthesizer } from './on-job-thread.js';
import { pipelineThreadSettings } from './pipeline-thread-parts.js';
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
 */
export function composeServices(config: Config, logger: Logger): Services {
  const limits = inputLimits(config);
  const ocr = new TesseractOcrPool({ size: config.ocrWorkers, cacheDir: path.join(os.tmpdir(), 'shikshasetu-tessdata') });
  const reader = new PageImageReader({ engine: ocr, maxSide: config.ocrMaxSide, maxPixels: config.maxImagePixels });
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
    ruleBased: new JobThreadSimplifier(new RuleBasedSimplifier()),
    embeddedVoice: new JobThreadSynthesizer(new EspeakSynthesizer({ speed: config.ttsSpeed, maxChars: config.maxSpeechChars })),
    local: {
      simplify: [localModelSimplifyLink(models.simplifier)],
      translate: [localModelTranslateLink(models.translator)],
      recognize: [recognizeLink(speech.recognizer, { path: 'local-model', name: 'local speech model' })],
      speak: [speakLink(speech.synthesizer, { path: 'local-model', name: 'local voice' })],
    },
  });
  const pipeline = new Pipeline({
    accept: acceptInput,
    limits,
    extractors: [
      new PlainTextExtractor(),
      new DocxExtractor({ maxUncompressedBytes: config.maxDocxUncompressedBytes }),
      new PdfExtractor({ reader }),
      new ImageExtractor(reader),
    ],
    recognizer: fallback.recognizer,
    simplifier: fallback.simplifier,
    translator: fallback.translator,
    validator,
    synthesizer: fallback.synthesizer,
    encoder: new OggOpusEncoder({ bitrate: config.voiceBitrate }),
    speechText: (text, language) => speechPrefix(text, language, config.maxSpeechChars),
  });
  // PIPELINE_THREADS > 0: jobs run on worker threads (the CPU-heavy parts built there again); the
  // chains above, with the model pool, breakers and bulkheads, stay here, one for the service.
  const threaded = config.pipelineThreads > 0
    ? new ThreadedPipeline({
        settings: pipelineThreadSettings(config, limits),
        backends: fallback,
        threads: config.pipelineThreads,
        // Room for all JOB_CONCURRENCY jobs at once, as on the main thread: one job's OCR overlaps another's CPU stages.
        jobsPerThread: Math.ceil(config.jobConcurrency / config.pipelineThreads),
        logger,
      })
    : null;
  return {
    pipeline: threaded ?? pipeline,
    simplifier: fallback.simplifier,
    limits,
    health: () => ({ models: models.health(), ...fallback.health(), ...(threaded ? { pipelineThreads: threaded.stats() } : {}) }),
    close: async () => {
      await threaded?.close();
      await ocr.close();
      await models.close();
    },
  };
}
