import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker } from 'tesseract.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { Pipeline } from '../../src/core/pipeline.js';
import type { AcceptedInput, ExtractedText, InputKind, InputLimits, PcmAudio, SimplifyRequest, SimplifyResult, SpeechRecognizer, SpeechSynthesizer, TextExtractor } from '../../src/core/ports.js';
import { DocxExtractor } from '../../src/extract/docx-extractor.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { UnavailableRecognizer } from '../../src/recognize/unavailable-recognizer.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { UnavailableTranslator } from '../../src/translate/unavailable-translator.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';

/**
 * A pipeline of the project's real stages (intake, text/DOCX extraction, validation, Ogg/Opus
 * encoding, espeak-ng voice) with an English OCR reader on tesseract.js for page photos. The
 * simplifier passes the text through and records it: these tests are about the Telegram edge,
 * so what reached the simplifier and what reached the chat can be compared exactly. A gate lets
 * a test hold jobs in the simplifier to create load.
 */
export interface TestPipeline {
  pipeline: Pipeline;
  /** Texts the simplifier returned, in order. */
  simplified: string[];
  /** Grade and language of every simplify request, in order. */
  requests: Array<{ grade: number; language: string; subject?: string }>;
  /** While set, every job waits in the simplifier until it resolves. */
  gate: Promise<void> | null;
  close(): Promise<void>;
}

export function testLimits(overrides: Partial<InputLimits> = {}): InputLimits {
  return { ...DEFAULT_INPUT_LIMITS, ...overrides };
}

export function createTestPipeline(options: { voice?: 'espeak' | 'tone'; recognizer?: SpeechRecognizer } = {}): TestPipeline {
  const ocr = new TesseractImageExtractor();
  const encoder = new OggOpusEncoder();
  const espeak = options.voice === 'espeak' ? new LazyEspeak() : null;
  const synthesizer: SpeechSynthesizer = espeak ?? new ToneSynthesizer();
  const state: TestPipeline = {
    simplified: [],
    requests: [],
    gate: null,
    pipeline: undefined as unknown as Pipeline,
    close: async () => {
      await ocr.close();
      await encoder.dispose();
      await espeak?.dispose();
    },
  };
  state.pipeline = new Pipeline({
    accept: acceptInput,
    limits: testLimits(),
    extractors: [new PlainTextExtractor(), new DocxExtractor(), ocr],
    recognizer: options.recognizer ?? new UnavailableRecognizer(),
    simplifier: {
      simplify: async (request: SimplifyRequest): Promise<SimplifyResult> => {
        state.requests.push({ grade: request.grade, language: request.language, ...(request.subject !== undefined ? { subject: request.subject } : {}) });
        if (state.gate) await state.gate;
        state.simplified.push(request.text);
        return { text: request.text, backend: { path: 'rule-based', name: 'pass-through test simplifier' }, notes: [] };
      },
    },
    translator: new UnavailableTranslator(),
    validator: new TextValidator(),
    synthesizer,
    encoder,
  });
  return state;
}

/** Half a second of a quiet tone per call: real PCM for the real encoder, at no synthesis cost. */
class ToneSynthesizer implements SpeechSynthesizer {
  async synthesize(): Promise<PcmAudio> {
    const sampleRate = 16_000;
    const samples = new Float32Array(sampleRate / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = 0.2 * Math.sin((2 * Math.PI * 440 * i) / sampleRate);
    return { samples, sampleRate };
  }
}

/** The project's espeak-ng voice, imported on first use so tests that never speak do not load its WASM. */
class LazyEspeak implements SpeechSynthesizer {
  private engine: Promise<SpeechSynthesizer & { dispose(): Promise<void> }> | null = null;

  async synthesize(request: Parameters<SpeechSynthesizer['synthesize']>[0]): Promise<PcmAudio> {
    this.engine ??= import('../../src/speak/espeak-synthesizer.js').then((m) => new m.EspeakSynthesizer());
    return (await this.engine).synthesize(request);
  }

  async dispose(): Promise<void> {
    if (this.engine) await (await this.engine).dispose();
  }
}

/** Reads English page images with tesseract.js and its bundled English data, offline. */
class TesseractImageExtractor implements TextExtractor {
  readonly kinds: readonly InputKind[] = ['image'];
  private worker: Promise<Worker> | null = null;

  async extract(input: AcceptedInput): Promise<ExtractedText> {
    // Imported on first use: most tests send no image and need not load tesseract.js.
    this.worker ??= import('tesseract.js').then((t) => t.createWorker('eng', 1, { langPath: englishDataPath(), cacheMethod: 'none', gzip: true }));
    const worker = await this.worker;
    const { data } = await worker.recognize(input.bytes);
    return { text: data.text, language: 'en', method: 'ocr', warnings: [] };
  }

  async close(): Promise<void> {
    if (this.worker) await (await this.worker).terminate();
  }
}

function englishDataPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}
