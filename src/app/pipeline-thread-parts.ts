import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../config/settings.js';
import type { PipelineParts } from '../core/pipeline.js';
import type { InputLimits } from '../core/ports.js';
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
import { RuleBasedKeyFacts } from '../key-facts/rule-based-key-facts.js';

/**
 * The settings a pipeline thread builds its parts from: a plain-data subset of Config, so it can
 * be handed to a worker thread, and so no secret (bot tokens, API keys) is copied into one.
 */
export interface PipelineThreadSettings {
  limits: InputLimits;
  ocrWorkers: number;
  ocrMaxSide: number;
  maxImagePixels: number;
  maxDocxUncompressedBytes: number;
  voiceBitrate: number;
  ttsSpeed: number;
  maxSpeechChars: number;
}

export function pipelineThreadSettings(config: Config, limits: InputLimits): PipelineThreadSettings {
  return {
    limits,
    ocrWorkers: config.ocrWorkers,
    ocrMaxSide: config.ocrMaxSide,
    maxImagePixels: config.maxImagePixels,
    maxDocxUncompressedBytes: config.maxDocxUncompressedBytes,
    voiceBitrate: config.voiceBitrate,
    ttsSpeed: config.ttsSpeed,
    maxSpeechChars: config.maxSpeechChars,
  };
}

/** What one pipeline thread holds for all the jobs it runs. */
export interface PipelineThreadParts {
  /** Every pipeline part that runs on the thread; the four chain ports are the job's line to the main thread. */
  local: Omit<PipelineParts, 'simplifier' | 'translator' | 'recognizer' | 'synthesizer'>;
  /** The simplify chain's last resort, run here when the main thread's chain asks for it. */
  ruleBased: RuleBasedSimplifier;
  /** The speech chain's last resort (espeak-ng), likewise. */
  voice: EspeakSynthesizer;
}

/**
 * The CPU-heavy parts of the embedded default, as composeServices wires them (src/app/compose.ts),
 * built once per pipeline thread: intake, extractors (OpenCV page finding, OCR pool, PDF.js,
 * mammoth), validator, espeak-ng, the libav.js encoder and the rule-based simplifier. Nothing
 * model-backed is here: the model pool, node-llama-cpp, sherpa-onnx and the remote API stay on
 * the main thread, one of each for the whole service. Every part loads lazily, as in compose.
 * Keep this in step with composeServices' Pipeline (test/app checks both give the same results).
 * The thread's OCR workers end with the thread: nested worker threads stop with their parent.
 */
export function buildPipelineThreadParts(settings: PipelineThreadSettings): PipelineThreadParts {
  // Each thread has its own OCR workers (OCR_WORKERS per thread): sharing one pool across threads
  // would send every page image through the main thread twice.
  const ocr = new TesseractOcrPool({ size: settings.ocrWorkers, cacheDir: path.join(os.tmpdir(), 'shikshasetu-tessdata') });
  const reader = new PageImageReader({ engine: ocr, maxSide: settings.ocrMaxSide, maxPixels: settings.maxImagePixels });
  return {
    local: {
      accept: acceptInput,
      limits: settings.limits,
      extractors: [
        new PlainTextExtractor(),
        new DocxExtractor({ maxUncompressedBytes: settings.maxDocxUncompressedBytes }),
        new PdfExtractor({ reader }),
        new ImageExtractor(reader),
      ],
      validator: new TextValidator(),
      encoder: new OggOpusEncoder({ bitrate: settings.voiceBitrate }),
      speechText: (text, language) => speechPrefix(text, language, settings.maxSpeechChars),
      keyFacts: new RuleBasedKeyFacts(),
    },
    ruleBased: new RuleBasedSimplifier(),
    voice: new EspeakSynthesizer({ speed: settings.ttsSpeed, maxChars: settings.maxSpeechChars }),
  };
}
