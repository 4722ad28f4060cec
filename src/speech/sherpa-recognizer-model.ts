import os from 'node:os';
import { DisposedError } from '../core/errors.js';
import { estimateSpeechModelBytes, RECOGNIZER_WORKING_BYTES } from './estimate-speech-model-bytes.js';
import { recognizerConfig, vadConfig, type VadTuning } from './sherpa-config.js';
import { SherpaModelProcess } from './sherpa-model-process.js';
import type { RecognizeReply, SegmentReply } from './sherpa-protocol.js';
import type { RecognizerLayout, SpeechModelLayout, VadLayout } from './speech-model-layout.js';

export interface SherpaRecognizerModelOptions {
  /** Catalog or install id, used in logs and errors. */
  id: string;
  layout: RecognizerLayout & Pick<SpeechModelLayout, 'modelBytes'>;
  /** A Silero VAD loaded beside the recogniser, to cut long notes at pauses. Defaults to none. */
  vad?: VadLayout & Pick<SpeechModelLayout, 'modelBytes'>;
  /** How the VAD cuts. Defaults to 0.5 s pauses, 0.25 s shortest speech, 25 s longest piece. */
  vadTuning?: Partial<VadTuning>;
  /** onnxruntime threads. Defaults to the machine's cores but one (at least one). */
  threads?: number;
  /** Longest one request may run before the model process is killed. Defaults to 300 s. */
  requestTimeoutMs?: number;
}

export const DEFAULT_VAD_TUNING: VadTuning = { minSilenceSeconds: 0.5, minSpeechSeconds: 0.25, maxSpeechSeconds: 25 };

/** The rate every recogniser here takes: what sherpa-onnx's feature extractors are set up for. */
export const RECOGNIZER_SAMPLE_RATE = 16_000;

/**
 * A loaded sherpa-onnx OfflineRecognizer (Whisper, transducer, CTC, Paraformer or SenseVoice),
 * optionally with a Silero VAD, in a process of its own (see SherpaProcess). A pool handle:
 * estimatedBytes is known before loading, dispose() frees everything, and any use after it
 * throws DisposedError.
 */
export class SherpaRecognizerModel {
  readonly id: string;
  readonly type: RecognizerLayout['type'];
  readonly estimatedBytes: number;
  readonly hasVad: boolean;
  /** Languages the model itself can be told to listen for (Whisper's list); empty for the others. */
  readonly promptLanguages: ReadonlySet<string>;
  private disposed = false;

  private constructor(
    private readonly process: SherpaModelProcess,
    options: SherpaRecognizerModelOptions,
  ) {
    this.id = options.id;
    this.type = options.layout.type;
    this.estimatedBytes = SherpaRecognizerModel.estimateBytes(options);
    this.hasVad = options.vad !== undefined;
    this.promptLanguages = new Set(options.layout.type === 'whisper' && options.layout.multilingual ? options.layout.languages : []);
  }

  static estimateBytes(options: Pick<SherpaRecognizerModelOptions, 'layout' | 'vad'>): number {
    return estimateSpeechModelBytes([options.layout, ...(options.vad ? [options.vad] : [])], RECOGNIZER_WORKING_BYTES);
  }

  static async load(options: SherpaRecognizerModelOptions, signal?: AbortSignal): Promise<SherpaRecognizerModel> {
    const run = { threads: options.threads ?? defaultThreads() };
    const process = await SherpaModelProcess.start(
      {
        kind: 'recognizer',
        recognizer: recognizerConfig(options.layout, run),
        whisper: options.layout.type === 'whisper' && options.layout.multilingual,
        ...(options.vad ? { vad: vadConfig(options.vad, { ...DEFAULT_VAD_TUNING, ...options.vadTuning }, run) } : {}),
      },
      { label: `speech recognizer ${options.id}`, requestTimeoutMs: options.requestTimeoutMs },
      signal,
    );
    return new SherpaRecognizerModel(process, options);
  }

  /**
   * Recognises one piece of 16 kHz mono audio (at most about 30 s for Whisper). `language` is
   * passed to a multilingual Whisper when it knows it; otherwise Whisper detects the language
   * and reports it. Other model types report ''.
   */
  async recognize(samples: Float32Array, options: { language?: string; signal?: AbortSignal } = {}): Promise<RecognizeReply> {
    this.checkUsable();
    options.signal?.throwIfAborted();
    const language = options.language && this.promptLanguages.has(options.language) ? options.language : undefined;
    return (await this.process.request({ op: 'recognize', samples, sampleRate: RECOGNIZER_SAMPLE_RATE, language }, options.signal)) as RecognizeReply;
  }

  /** Speech segments the VAD finds in 16 kHz audio, as sample offsets. Needs a VAD. */
  async speechSegments(samples: Float32Array, signal?: AbortSignal): Promise<SegmentReply['segments']> {
    this.checkUsable();
    if (!this.hasVad) throw new Error(`${this.id} was loaded without a VAD`);
    signal?.throwIfAborted();
    return ((await this.process.request({ op: 'segment', samples, sampleRate: RECOGNIZER_SAMPLE_RATE }, signal)) as SegmentReply).segments;
  }

  /** Id of the process holding the model, for diagnostics and the benchmark. */
  get processId(): number | undefined {
    return this.process.pid;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.process.dispose();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private checkUsable(): void {
    if (this.disposed) throw new DisposedError(`speech recognizer ${this.id}`);
  }
}

/** The machine's cores but one, at least one: the rest of the service keeps a core. */
export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
