import os from 'node:os';
import path from 'node:path';
import type { PipelineParts } from '../core/pipeline.js';
import type { PipelineThreadSettings } from './pipeline-thread-settings.js';
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

/** What one pipeline thread holds for all the jobs it runs. */
export interface PipelineThreadParts {
  /** Every pipeline part that runs on the thread; the four chain ports are the job's line to the main thread. */
  local: Omit<PipelineParts, 'simplifier' | 'translator' | 'recognizer' | 'synthesizer'>;
  /** The simplify chain's last resort, run here when the main thread's chain asks for it. */
  ruleBased: RuleBasedSimplifier;
  /** The speech chain's last resort (espeak-ng), likewise. */
  voice: EspeakSynthesizer;
  /** Ends the OCR workers (a pipeline thread need not: nested worker threads stop with it). */
  close(): Promise<void>;
}

/**
 * The CPU-heavy parts of the embedded default, built once per pipeline thread, or once on the
 * main thread by composeServices (src/app/compose.ts) when jobs run there (PIPELINE_THREADS=0): intake, extractors (OpenCV page finding, OCR pool, PDF.js,
 * mammoth), validator, espeak-ng, the libav.js encoder and the rule-based simplifier. Nothing
 * model-backed is here: the model pool, node-llama-cpp, sherpa-onnx and the remote API stay on
 * the main thread, one of each for the whole service. Every part loads lazily, as in compose.
 * A threaded service's main thread never imports this module: its extractors, encoder and key
 * facts (sharp, mammoth, PDF.js, tesseract.js, chrono-node...) would cost it memory for nothing.
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
    close: () => ocr.close(),
  };
}
