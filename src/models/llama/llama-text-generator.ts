import type { LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { DisposedError } from '../../core/errors.js';
import type { GenerateRequest, GenerateResult, TextGenerator } from '../text-generator.js';
import type { LlamaRuntime } from './llama-runtime.js';

export interface LlamaLoadOptions {
  modelId: string;
  file: string;
  /** Context window to create, capped by the model's trained context. */
  contextSize: number;
  signal?: AbortSignal;
}

/**
 * A GGUF model loaded through node-llama-cpp with one context sequence. Requests are answered one
 * at a time on that sequence (a second sequence would double the KV memory the pool budgeted for)
 * and each starts from an empty history, so one chat's text never leaks into another's answer.
 */
export class LlamaTextGenerator implements TextGenerator {
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(
    readonly modelId: string,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly sequence: LlamaContextSequence,
  ) {}

  static async load(runtime: LlamaRuntime, options: LlamaLoadOptions): Promise<LlamaTextGenerator> {
    const llama = await runtime.get();
    options.signal?.throwIfAborted();
    const model = await llama.loadModel({
      modelPath: options.file,
      gpuLayers: llama.gpu === false ? 0 : 'auto',
      loadSignal: options.signal,
    });
    try {
      const contextSize = Math.min(options.contextSize, model.trainContextSize || options.contextSize);
      const context = await model.createContext({ contextSize, sequences: 1, threads: runtime.threads, createSignal: options.signal });
      return new LlamaTextGenerator(options.modelId, model, context, context.getSequence());
    } catch (err) {
      await model.dispose();
      throw err;
    }
  }

  get contextSize(): number {
    return this.context.contextSize;
  }

  /** Layers llama.cpp put on the GPU (0 on the CPU backend). */
  get gpuLayers(): number {
    return this.model.gpuLayers;
  }

  countTokens(text: string): number {
    this.assertLive();
    return this.model.tokenize(text).length;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.assertLive();
    const run = this.queue.then(() => this.generateNow(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.context.dispose();
    await this.model.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  private async generateNow(request: GenerateRequest): Promise<GenerateResult> {
    this.assertLive();
    request.signal?.throwIfAborted();
    const { LlamaChatSession } = await import('node-llama-cpp');
    const started = performance.now();
    const session = new LlamaChatSession({ contextSequence: this.sequence, systemPrompt: request.system, autoDisposeSequence: false });
    let tokens = 0;
    try {
      const text = await session.prompt(request.prompt, {
        maxTokens: request.maxTokens,
        signal: request.signal,
        // Low temperature: simplification and translation should stay close to the source.
        temperature: 0.2,
        topK: 40,
        topP: 0.9,
        seed: 7,
        onToken: (t) => {
          tokens += t.length;
        },
      });
      return { text, tokens, truncated: tokens >= request.maxTokens, ms: performance.now() - started };
    } finally {
      session.dispose({ disposeSequence: false });
      await this.sequence.clearHistory();
    }
  }

  private assertLive(): void {
    if (this.disposed) throw new DisposedError(`model ${this.modelId}`);
  }
}
