import path from 'node:path';
import type { SpeechSynthesizer } from '../core/ports.js';
import { InstalledSpeechModels } from './installed-speech-models.js';
import { SherpaSpeechRecognizer } from './sherpa-speech-recognizer.js';
import { SherpaSpeechSynthesizer } from './sherpa-speech-synthesizer.js';
import { lendFromPool, loadPerCall, type SharedModelPool } from './speech-model-lender.js';
import { SpeechModelStore } from './speech-model-store.js';
import type { SpeechModelGuard } from './speech-call-policy.js';

export interface SpeechServicesOptions {
  /** Config MODELS_DIR: speech models live in its speech/ folder. */
  modelsDir: string;
  /** Config MAX_AUDIO_SECONDS. */
  maxAudioSeconds: number;
  /** Config SPOKEN_LANGUAGE_CONFIDENCE. Defaults to the recogniser's 0.7. */
  languageConfidence?: number;
  /** Config TTS_SPEED. */
  speed: number;
  /** Config MAX_SPEECH_CHARS. */
  maxSpeechChars: number;
  /** The shared, memory-budgeted model pool. Defaults to none: each request loads and frees its model. */
  pool?: SharedModelPool;
  /** onnxruntime threads per model. Defaults to the machine's cores but one. */
  threads?: number;
  /** What to throw when no local model or voice serves a language: the chain's "declined" error. Defaults to a refusal / StageError. */
  decline?: (reason: string) => Error;
  /** The voice for languages without an installed one, when the synthesizer is used alone (not in a chain). Defaults to none. */
  fallbackVoice?: SpeechSynthesizer;
  /** Told about installed models that cannot be used (broken manifest, missing files). Defaults to ignoring them. */
  onProblem?: (problem: string) => void;
  /** Timeout and circuit breaker per installed model (the service's BackendPolicy per model). Defaults to none. */
  guard?: SpeechModelGuard;
}

export interface SpeechServices {
  recognizer: SherpaSpeechRecognizer;
  synthesizer: SherpaSpeechSynthesizer;
  installed: InstalledSpeechModels;
}

/**
 * The local speech paths, wired from settings: the installed sherpa-onnx recognisers and voices
 * (read on every request, so a pull while the service runs is picked up), lent through the shared
 * model pool. Nothing loads until a voice note or a voice reply needs it.
 */
export function createSpeechServices(options: SpeechServicesOptions): SpeechServices {
  const installed = new InstalledSpeechModels({ store: new SpeechModelStore(path.resolve(options.modelsDir)), threads: options.threads, onProblem: options.onProblem });
  const lend = options.pool ? lendFromPool(options.pool) : loadPerCall;
  const recognizer = new SherpaSpeechRecognizer({
    recognizers: () => installed.recognizers(),
    lend,
    maxAudioSeconds: options.maxAudioSeconds,
    ...(options.languageConfidence !== undefined ? { languageConfidence: options.languageConfidence } : {}),
    ...(options.decline ? { noModel: options.decline } : {}),
    ...(options.guard ? { guard: options.guard } : {}),
  });
  const synthesizer = new SherpaSpeechSynthesizer({
    voices: () => installed.voices(),
    lend,
    speed: options.speed,
    maxChars: options.maxSpeechChars,
    ...(options.fallbackVoice ? { fallback: options.fallbackVoice } : {}),
    ...(options.decline ? { noVoice: options.decline } : {}),
    ...(options.guard ? { guard: options.guard } : {}),
  });
  return { recognizer, synthesizer, installed };
}
