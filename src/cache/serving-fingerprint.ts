import { createHash } from 'node:crypto';
import { ModelStore } from '../models/model-store.js';
import { refreshedEvery } from '../models/refreshed-every.js';
import { SpeechModelStore } from '../speech/speech-model-store.js';
import { TranslationModelStore } from '../translate/indictrans2/translation-model-store.js';

export interface ServingFingerprintOptions {
  /** Where installed models live (GGUF manifests, and speech models under speech/). */
  modelsDir: string;
  /**
   * Everything else that changes an answer: the code's version, the remote API's models, voice
   * settings... Any JSON; it is hashed as given.
   */
  settings: Record<string, unknown>;
  /** How long one look at the models directory is reused, in ms. Defaults to 5000. */
  refreshMs?: number;
  /** Clock, in ms. Defaults to Date.now. */
  now?: () => number;
}

/**
 * A short hash of what would serve a request now: the installed language and speech models (by
 * id and checksum, read from their manifests, so `shikshasetu models pull` in another process
 * counts within refreshMs) and the given settings. The result cache puts it in every key.
 */
export function servingFingerprint(options: ServingFingerprintOptions): () => Promise<string> {
  const models = new ModelStore(options.modelsDir);
  const speech = new SpeechModelStore(options.modelsDir);
  const translation = new TranslationModelStore(options.modelsDir);
  const settings = JSON.stringify(options.settings);

  const compute = async (): Promise<string> => {
    const [llm, voices, translators] = await Promise.all([models.list(), speech.list(), translation.list()]);
    const installed = {
      llm: llm.models.map((m) => `${m.manifest.id}@${m.manifest.sha256}`).sort(),
      // Installing an IndicTrans2 export changes what translates: cached answers must not outlive it.
      ...(translators.models.length > 0 ? { translation: translators.models.map((m) => `${m.manifest.id}@${m.manifest.files.map((f) => f.sha256).join(',')}`).sort() } : {}),
      speech: voices.models.map((m) => `${m.manifest.id}@${JSON.stringify(m.manifest.checksums ?? {})}:${m.manifest.sizeBytes}`).sort(),
    };
    return createHash('sha256').update(JSON.stringify({ installed, settings })).digest('hex').slice(0, 32);
  };

  return refreshedEvery(compute, { refreshMs: options.refreshMs ?? 5000, now: options.now });
}
