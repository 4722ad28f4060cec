import { Pipeline, type PipelineParts } from '../../src/core/pipeline.js';
import type { PcmAudio } from '../../src/core/ports.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { UnavailableRecognizer } from '../../src/recognize/unavailable-recognizer.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { UnavailableTranslator } from '../../src/translate/unavailable-translator.js';
import { TextValidator } from '../../src/validate/text-validator.js';

export const RECORDING_PIPELINE_LIMITS = { maxBytes: 1e6, maxPdfPages: 5, maxImagePixels: 1e6, maxDocxUncompressedBytes: 1e6, maxDocxCompressionRatio: 100, maxTextChars: 5000, maxAudioSeconds: 60 };

/**
 * The real text stages (plain text in, rule-based simplifier, validator; no translation model);
 * the voice is a recorder that pushes what it was asked to read onto `spoken`.
 */
export function recordingPipeline(spoken: string[], overrides: Partial<PipelineParts> = {}): Pipeline {
  return new Pipeline({
    accept: acceptInput,
    limits: RECORDING_PIPELINE_LIMITS,
    extractors: [new PlainTextExtractor()],
    recognizer: new UnavailableRecognizer(),
    simplifier: new RuleBasedSimplifier(),
    translator: new UnavailableTranslator(),
    validator: new TextValidator(),
    synthesizer: {
      async synthesize({ text }): Promise<PcmAudio> {
        spoken.push(text);
        return { samples: new Float32Array(16000 * Math.max(1, text.length / 15)), sampleRate: 16000 };
      },
    },
    encoder: { encode: async () => Buffer.from('OggS') },
    ...overrides,
  });
}
