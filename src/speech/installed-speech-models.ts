import type { InstalledRecognizer } from './sherpa-speech-recognizer.js';
import type { InstalledVoice } from './sherpa-speech-synthesizer.js';
import { SherpaRecognizerModel } from './sherpa-recognizer-model.js';
import { SherpaVoiceModel } from './sherpa-voice-model.js';
import type { SpeechModelLayout, VadLayout } from './speech-model-layout.js';
import type { InstalledSpeechModel, SpeechModelStore } from './speech-model-store.js';

export interface InstalledSpeechModelsOptions {
  store: SpeechModelStore;
  /** onnxruntime threads per model. Defaults to the machine's cores but one. */
  threads?: number;
  /** Reports installed models that were skipped, and why. Defaults to ignoring them. */
  onProblem?: (problem: string) => void;
}

/** Per language: which installed model recognises it, and which voice speaks it. */
export interface SpeechCoverage {
  language: string;
  recognizer: string | null;
  voice: string | null;
}

/**
 * The installed speech models as the recogniser and synthesizer want them: each with a pool
 * resource (id, estimated bytes, load) so the shared model pool loads, lends and evicts them like
 * the LLMs. The first installed VAD is loaded with every recogniser, to cut notes at pauses.
 */
export class InstalledSpeechModels {
  constructor(private readonly options: InstalledSpeechModelsOptions) {}

  async list(): Promise<InstalledSpeechModel[]> {
    const { models, problems } = await this.options.store.list();
    for (const problem of problems) this.options.onProblem?.(problem);
    return models;
  }

  async recognizers(): Promise<InstalledRecognizer[]> {
    const models = await this.list();
    const vadModel = models.find((m) => m.layout.kind === 'vad');
    const vad = vadModel ? (vadModel.layout as VadLayout & SpeechModelLayout) : undefined;
    const out: InstalledRecognizer[] = [];
    for (const model of models) {
      const layout = model.layout;
      if (layout.kind !== 'recognizer') continue;
      const id = model.manifest.id;
      const options = { id, layout, ...(vad ? { vad } : {}), threads: this.options.threads };
      out.push({
        id,
        languages: model.manifest.languages,
        preferredFor: model.manifest.preferredFor ?? [],
        detectsLanguage: layout.type === 'whisper' && layout.multilingual,
        resource: {
          // The VAD is part of what is loaded, so it is part of the pool's key.
          id: vadModel ? `speech:${id}+${vadModel.manifest.id}` : `speech:${id}`,
          bytes: SherpaRecognizerModel.estimateBytes(options),
          load: (signal) => SherpaRecognizerModel.load(options, signal),
        },
      });
    }
    return out;
  }

  async voices(): Promise<InstalledVoice[]> {
    const out: InstalledVoice[] = [];
    for (const model of await this.list()) {
      const layout = model.layout;
      if (layout.kind !== 'voice') continue;
      const id = model.manifest.id;
      const options = { id, layout, threads: this.options.threads };
      out.push({
        id,
        languages: model.manifest.languages,
        resource: { id: `speech:${id}`, bytes: SherpaVoiceModel.estimateBytes(options), load: (signal) => SherpaVoiceModel.load(options, signal) },
      });
    }
    return out;
  }

  /** For `models list`: the installed recogniser and voice of each language. */
  async coverage(languages: readonly string[]): Promise<SpeechCoverage[]> {
    const models = await this.list();
    const serving = (kind: 'recognizer' | 'voice', language: string) =>
      models
        .filter((m) => m.layout.kind === kind && (m.manifest.languages.includes(language) || (kind === 'recognizer' && m.manifest.languages.length === 0)))
        .sort((a, b) => preferred(b, language) - preferred(a, language) || a.manifest.languages.length - b.manifest.languages.length || a.manifest.id.localeCompare(b.manifest.id))[0]?.manifest.id ?? null;
    return languages.map((language) => ({ language, recognizer: serving('recognizer', language), voice: serving('voice', language) }));
  }
}

/** 1 when the model is marked as the one to use for this language (as chooseRecognizer ranks them). */
function preferred(model: InstalledSpeechModel, language: string): number {
  return model.manifest.preferredFor?.includes(language) ? 1 : 0;
}
