// The package ships JSDoc only; this is the part of its API the speech child process uses.
declare module 'sherpa-onnx-node' {
  export interface Waveform {
    samples: Float32Array;
    sampleRate: number;
  }

  export interface OfflineRecognizerResult {
    text: string;
    /** Whisper and SenseVoice report the language they heard, e.g. "<|hi|>" or "hi"; others leave it empty. */
    lang: string;
    tokens: string[];
    timestamps: number[];
  }

  export class OfflineStream {
    acceptWaveform(wave: Waveform): void;
    setOption(key: string, value: string): void;
  }

  export class OfflineRecognizer {
    constructor(config: Record<string, unknown>);
    config: Record<string, unknown>;
    createStream(): OfflineStream;
    setConfig(config: Record<string, unknown>): void;
    decode(stream: OfflineStream): void;
    getResult(stream: OfflineStream): OfflineRecognizerResult;
  }

  export class OfflineTts {
    constructor(config: Record<string, unknown>);
    readonly sampleRate: number;
    readonly numSpeakers: number;
    generate(request: { text: string; sid: number; speed: number }): Waveform;
  }

  export interface SpeechSegment {
    /** First sample of the segment, counted from the first sample the detector was given. */
    start: number;
    samples: Float32Array;
  }

  export class Vad {
    constructor(config: Record<string, unknown>, bufferSizeInSeconds: number);
    acceptWaveform(samples: Float32Array): void;
    isEmpty(): boolean;
    front(enableExternalBuffer?: boolean): SpeechSegment;
    pop(): void;
    flush(): void;
    reset(): void;
  }

  export const version: string;
  export const onnxruntimeVersion: string;

  const sherpa: {
    OfflineRecognizer: typeof OfflineRecognizer;
    OfflineTts: typeof OfflineTts;
    Vad: typeof Vad;
    version: string;
    onnxruntimeVersion: string;
  };
  export default sherpa;
}
