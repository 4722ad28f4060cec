import type { RecognizerLayout, VadLayout, VoiceLayout } from './speech-model-layout.js';

export interface SherpaRunOptions {
  /** CPU threads onnxruntime may use for this model. */
  threads: number;
}

/** sherpa-onnx-node's OfflineRecognizer config for an installed model. */
export function recognizerConfig(layout: RecognizerLayout, options: SherpaRunOptions): Record<string, unknown> {
  const common = { tokens: layout.tokens, numThreads: options.threads, provider: 'cpu', debug: 0 };
  let model: Record<string, unknown>;
  switch (layout.type) {
    case 'whisper':
      // task 'transcribe' keeps the language spoken (never translate to English); the language is
      // set per request by the child, empty meaning "detect".
      model = { whisper: { encoder: layout.encoder, decoder: layout.decoder, language: '', task: 'transcribe', tailPaddings: -1 } };
      break;
    case 'transducer':
    case 'nemo-transducer':
      model = {
        transducer: { encoder: layout.encoder, decoder: layout.decoder, joiner: layout.joiner },
        modelType: layout.type === 'nemo-transducer' ? 'nemo_transducer' : 'transducer',
      };
      break;
    case 'ctc':
      model = { [layout.family]: { model: layout.model } };
      break;
    case 'paraformer':
      model = { paraformer: { model: layout.model } };
      break;
    case 'sense-voice':
      model = { senseVoice: { model: layout.model, language: '', useInverseTextNormalization: 1 } };
      break;
  }
  return {
    featConfig: { sampleRate: 16_000, featureDim: 80 },
    modelConfig: { ...common, ...model },
    decodingMethod: 'greedy_search',
  };
}

/** sherpa-onnx-node's OfflineTts config for an installed VITS voice. */
export function voiceConfig(layout: VoiceLayout, options: SherpaRunOptions): Record<string, unknown> {
  return {
    model: {
      vits: {
        model: layout.model,
        tokens: layout.tokens,
        ...(layout.dataDir ? { dataDir: layout.dataDir } : {}),
        ...(layout.lexicon ? { lexicon: layout.lexicon } : {}),
      },
      numThreads: options.threads,
      provider: 'cpu',
      debug: false,
    },
    // The service hands the voice one sentence at a time already.
    maxNumSentences: 1,
  };
}

export interface VadTuning {
  /** Silence that ends a piece, seconds. */
  minSilenceSeconds: number;
  /** Shortest sound kept as speech, seconds. */
  minSpeechSeconds: number;
  /** Longest piece before the VAD cuts it, seconds (Whisper reads at most 30 s at once). */
  maxSpeechSeconds: number;
}

/** sherpa-onnx-node's Vad config for the Silero VAD. */
export function vadConfig(layout: VadLayout, tuning: VadTuning, options: SherpaRunOptions): Record<string, unknown> {
  return {
    sileroVad: {
      model: layout.model,
      threshold: 0.5,
      minSilenceDuration: tuning.minSilenceSeconds,
      minSpeechDuration: tuning.minSpeechSeconds,
      maxSpeechDuration: tuning.maxSpeechSeconds,
      windowSize: 512,
    },
    sampleRate: 16_000,
    numThreads: options.threads,
    provider: 'cpu',
    debug: 0,
  };
}
