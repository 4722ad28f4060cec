import { StageError } from '../core/errors.js';
import { SherpaProcess, type SherpaProcessOptions } from './sherpa-process.js';
import type { InitReply, SherpaInit, SherpaRequest } from './sherpa-protocol.js';

/**
 * The process of one loaded model, restarted when it died. A pooled model stays cached for many
 * requests: if its process crashed (a native fault on one hostile note, the OOM killer), the
 * request that was running fails, and the next one starts a fresh process with the same model
 * instead of failing forever. One restart per request, so a model that cannot start fails that
 * request with the reason.
 */
export class SherpaModelProcess {
  private restarting: Promise<SherpaProcess> | null = null;

  private constructor(
    private current: SherpaProcess,
    readonly info: InitReply,
    private readonly init: SherpaInit,
    private readonly options: SherpaProcessOptions,
  ) {}

  static async start(init: SherpaInit, options: SherpaProcessOptions, signal?: AbortSignal): Promise<SherpaModelProcess> {
    const { process, info } = await SherpaProcess.start(init, options, signal);
    return new SherpaModelProcess(process, info, init, options);
  }

  get pid(): number | undefined {
    return this.current.pid;
  }

  /** Sends one request (see SherpaProcess.request: an abort ends the process), restarting a process that died first. */
  async request(request: SherpaRequest, signal?: AbortSignal): Promise<unknown> {
    if (!this.current.alive && !this.current.disposed) {
      signal?.throwIfAborted();
      this.restarting ??= SherpaProcess.start(this.init, this.options).then(
        ({ process }) => process,
        (err: unknown) => {
          throw new StageError('speech', `${this.options.label ?? 'sherpa-onnx model'} could not be restarted: ${err instanceof Error ? err.message : String(err)}`, false, { cause: err });
        },
      );
      try {
        this.current = await this.restarting;
      } finally {
        this.restarting = null;
      }
    }
    return this.current.request(request, signal);
  }

  async dispose(): Promise<void> {
    const pending = this.restarting;
    await this.current.dispose();
    if (pending) await (await pending.catch(() => null))?.dispose();
  }
}
