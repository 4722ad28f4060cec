/**
 * A pipeline of the project's real parts (intake, PDF and text extraction, validation, espeak-ng
 * voice or a tone, Ogg/Opus encoder) with a small simplifier that records what it was asked and can be
 * held at a gate, so tests can make a job "take longer" without racing the clock.
 */
import { Pipeline } from '../../src/core/pipeline.js';
import type { SimplifyRequest, SpeechSynthesizer } from '../../src/core/ports.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';
import { PdfExtractor } from '../../src/extract/pdf/pdf-extractor.js';
import { UnavailableTranslator } from '../../src/translate/unavailable-translator.js';
import { UnavailableRecognizer } from '../../src/recognize/unavailable-recognizer.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { EspeakSynthesizer } from '../../src/speak/espeak-synthesizer.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';
import { RuleBasedKeyFacts } from '../../src/key-facts/rule-based-key-facts.js';

export interface TestPipeline {
  pipeline: Pipeline;
  /** Every simplify request, in order. */
  requests: SimplifyRequest[];
  /** While closed, simplification waits. */
  hold(): void;
  /** Texts containing this word make the simplifier throw (a fault that is ours, not the user's). */
  failWord: string;
  release(): void;
}

export const TEST_LIMITS = DEFAULT_INPUT_LIMITS;

const FAIL_WORD = 'KABOOM';

/**
 * 'espeak' reads the reply with the real espeak-ng voice; 'tone' hands the real Ogg/Opus encoder
 * a short tone instead, which keeps the many Slack-only tests quick (speech has its own tests).
 */
export type TestVoice = 'espeak' | 'tone';

const toneSynthesizer: SpeechSynthesizer = {
  synthesize: async () => {
    const sampleRate = 16_000;
    const samples = new Float32Array(sampleRate / 4).map((_, i) => 0.2 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
    return { samples, sampleRate };
  },
};

export function createTestPipeline(options: { voice?: TestVoice } = {}): TestPipeline {
  const requests: SimplifyRequest[] = [];
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  const pipeline = new Pipeline({
    accept: acceptInput,
    limits: TEST_LIMITS,
    extractors: [
      new PlainTextExtractor(),
      new PdfExtractor({
        reader: {
          read: async () => {
            throw new Error('no OCR in the Slack tests');
          },
        },
      }),
    ],
    recognizer: new UnavailableRecognizer(),
    keyFacts: new RuleBasedKeyFacts(),
    simplifier: {
      simplify: async (request) => {
        requests.push(request);
        if (gate) await gate.promise;
        if (request.text.includes(FAIL_WORD)) throw new Error('simplifier crashed (test)');
        // Shorter sentences, same words: enough to tell the reply from the input.
        return { text: request.text.replace(/,\s+/g, '. '), backend: { path: 'rule-based', name: 'test simplifier' }, notes: [] };
      },
    },
    translator: new UnavailableTranslator(),
    validator: new TextValidator(),
    synthesizer: options.voice === 'espeak' ? new EspeakSynthesizer() : toneSynthesizer,
    encoder: new OggOpusEncoder(),
  });
  return {
    pipeline,
    requests,
    failWord: FAIL_WORD,
    hold() {
      let open = () => {};
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = null;
    },
  };
}
