import { DisposedError } from '../core/errors.js';
import type { PcmAudio } from '../core/ports.js';
import { estimateSpeechModelBytes } from './estimate-speech-model-bytes.js';
import { voiceConfig } from './sherpa-config.js';
import { SherpaModelProcess } from './sherpa-model-process.js';
import type { SynthesizeReply } from './sherpa-protocol.js';
import type { SpeechModelLayout, VoiceLayout } from './speech-model-layout.js';
import { defaultThreads } from './sherpa-recognizer-model.js';

export interface SherpaVoiceModelOptions {
  id: string;
  layout: VoiceLayout & Pick<SpeechModelLayout, 'modelBytes'>;
  /** Speaker of a multi-speaker voice. Defaults to 0. */
  speaker?: number;
  /** onnxruntime threads. Defaults to the machine's cores but one (at least one). */
  threads?: number;
  /** Longest one sentence may take before the model process is killed. Defaults to 300 s. */
  requestTimeoutMs?: number;
}

/**
 * A loaded sherpa-onnx OfflineTts voice (VITS: Piper, Coqui, MMS, plain VITS) in a process of its
 * own (see SherpaProcess). A pool handle like SherpaRecognizerModel.
 */
export class SherpaVoiceModel {
  readonly id: string;
  readonly estimatedBytes: number;
  readonly sampleRate: number;
  private readonly speaker: number;
  private disposed = false;

  private constructor(
    private readonly process: SherpaModelProcess,
    options: SherpaVoiceModelOptions,
    sampleRate: number,
  ) {
    this.id = options.id;
    this.estimatedBytes = SherpaVoiceModel.estimateBytes(options);
    this.sampleRate = sampleRate;
    this.speaker = options.speaker ?? 0;
  }

  static estimateBytes(options: Pick<SherpaVoiceModelOptions, 'layout'>): number {
    return estimateSpeechModelBytes([options.layout]);
  }

  static async load(options: SherpaVoiceModelOptions, signal?: AbortSignal): Promise<SherpaVoiceModel> {
    const process = await SherpaModelProcess.start(
      { kind: 'voice', tts: voiceConfig(options.layout, { threads: options.threads ?? defaultThreads() }) },
      { label: `voice ${options.id}`, requestTimeoutMs: options.requestTimeoutMs },
      signal,
    );
    const { info } = process;
    const speakers = info.speakers ?? 1;
    if (options.speaker !== undefined && (options.speaker < 0 || options.speaker >= speakers)) {
      await process.dispose();
      throw new RangeError(`voice ${options.id} has ${speakers} speakers; speaker ${options.speaker} does not exist`);
    }
    return new SherpaVoiceModel(process, options, info.sampleRate ?? options.layout.sampleRate);
  }

  /**
   * Speaks one sentence. speed 1 is the voice's own pace (sherpa sets length_scale = 1 / speed).
   * Returns empty audio when the voice knows none of the text's characters.
   */
  async generate(text: string, options: { speed?: number; signal?: AbortSignal } = {}): Promise<PcmAudio> {
    if (this.disposed) throw new DisposedError(`voice ${this.id}`);
    options.signal?.throwIfAborted();
    const speed = options.speed ?? 1;
    if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a positive number, got ${speed}`);
    const reply = (await this.process.request({ op: 'synthesize', text, speed, speaker: this.speaker }, options.signal)) as SynthesizeReply;
    return { samples: reply.samples, sampleRate: reply.sampleRate || this.sampleRate };
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
}
