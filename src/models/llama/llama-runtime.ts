import os from 'node:os';
import type { Llama } from 'node-llama-cpp';
import { silentLogger, type ModelLogger } from '../model-logger.js';

export type GpuMode = 'auto' | 'cuda' | 'metal' | 'vulkan' | 'off';

export interface LlamaRuntimeOptions {
  /** Which GPU backend to use: auto is node-llama-cpp's choice (Metal on Apple Silicon; else CUDA with an NVIDIA driver and CUDA runtime, else Vulkan with a Vulkan driver, else CPU). Defaults to 'auto'. */
  gpu?: GpuMode;
  /** CPU threads for inference; 0 means all available cores but one (at least one). Defaults to 0. */
  threads?: number;
  /** Where llama.cpp's warnings and the chosen backend are logged. Defaults to no logging. */
  logger?: ModelLogger;
}

/**
 * The one llama.cpp binding of the process, loaded on first use: importing node-llama-cpp and
 * loading its native library costs about 2 s and tens of MB, which a start-up with no model
 * installed must not pay.
 */
export class LlamaRuntime {
  readonly threads: number;
  private readonly gpu: GpuMode;
  private readonly logger: ModelLogger;
  private llama: Promise<Llama> | null = null;

  constructor(options: LlamaRuntimeOptions = {}) {
    this.gpu = options.gpu ?? 'auto';
    this.logger = options.logger ?? silentLogger;
    // Sized from the real core count, leaving one core to the event loop, OCR and speech:
    // llama.cpp's threads meet at a spinning barrier after every step, so one thread more than
    // the free cores stalls them all. Measured on a busy 2-core machine with a tiny model:
    // 1 thread 660-1090 tokens/s, 2 threads 5 tokens/s (node-llama-cpp's default asked for 4).
    this.threads = options.threads && options.threads > 0 ? options.threads : Math.max(1, os.availableParallelism() - 1);
  }

  get started(): boolean {
    return this.llama !== null;
  }

  /** The binding, loaded on the first call; later calls share it. */
  get(): Promise<Llama> {
    this.llama ??= this.start().catch((err: unknown) => {
      this.llama = null;
      throw err;
    });
    return this.llama;
  }

  async dispose(): Promise<void> {
    const pending = this.llama;
    this.llama = null;
    if (pending) await (await pending.catch(() => null))?.dispose();
  }

  private async start(): Promise<Llama> {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    const logger = (level: unknown, message: string): void => {
      const text = message.trim();
      if (!text) return;
      if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) this.logger.error({ source: 'llama.cpp' }, text);
      else if (level === LlamaLogLevel.warn) this.logger.warn({ source: 'llama.cpp' }, text);
      else this.logger.debug({ source: 'llama.cpp' }, text);
    };
    const base = {
      maxThreads: this.threads,
      logLevel: LlamaLogLevel.warn,
      logger,
      // Never compile llama.cpp or download its source at run time: the prebuilt binaries ship
      // with the package, and a service must not start a build on a user's machine.
      build: 'never' as const,
      progressLogs: false,
    };
    const gpu = this.gpu === 'off' ? false : this.gpu;
    try {
      const llama = await getLlama({ ...base, gpu });
      this.logger.info({ gpu: llama.gpu || 'cpu', requested: this.gpu, threads: this.threads }, 'llama.cpp runtime started');
      return llama;
    } catch (err) {
      if (gpu === false) throw err;
      // A named GPU that is missing here (no CUDA driver, no Vulkan loader) falls back to the CPU
      // build rather than leaving the service without local models.
      this.logger.warn({ requested: this.gpu, err: err instanceof Error ? err.message : String(err) }, 'GPU backend unavailable: using the CPU');
      const llama = await getLlama({ ...base, gpu: false });
      this.logger.info({ gpu: 'cpu', requested: this.gpu, threads: this.threads }, 'llama.cpp runtime started');
      return llama;
    }
  }
}
