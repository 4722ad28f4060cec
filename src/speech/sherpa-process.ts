import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DisposedError, StageError } from '../core/errors.js';
import type { InitReply, SherpaInit, SherpaMessage, SherpaReply, SherpaRequest } from './sherpa-protocol.js';

export interface SherpaProcessOptions {
  /** What the handle is called in errors, e.g. "speech model whisper-base". Defaults to "sherpa-onnx model". */
  label?: string;
  /**
   * Longest one request (a load, one piece of audio, one sentence) may take before the process is
   * killed and the handle fails: a stuck native call cannot be interrupted any other way.
   * Defaults to 300 s.
   */
  requestTimeoutMs?: number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout;
}

// Kept from the child's stderr for error messages: sherpa-onnx says there why a model failed.
const STDERR_TAIL_CHARS = 2000;

/**
 * One sherpa-onnx model in a child process of its own, driven by request/reply messages.
 *
 * A process, not the addon in this one, for three reasons found on sherpa-onnx-node 1.13.8:
 * (1) a model file it cannot parse, or one without the metadata it expects, ends the whole
 * process (an uncaught Ort::Exception aborts, SHERPA_ONNX_EXIT calls exit) where a service must
 * refuse one voice note and live on; (2) the addon has no free function, its native objects go
 * only when the garbage collector finalises them, and the pool must know memory is back when
 * dispose() returns: killing the process returns all of it at once; (3) a long native decode
 * runs off this event loop.
 */
export class SherpaProcess {
  private readonly label: string;
  private readonly requestTimeoutMs: number;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = '';
  private exited: Promise<void>;
  private failure: StageError | null = null;
  private isDisposed = false;

  private constructor(
    private readonly child: ChildProcess,
    options: SherpaProcessOptions,
  ) {
    this.label = options.label ?? 'sherpa-onnx model';
    this.requestTimeoutMs = options.requestTimeoutMs ?? 300_000;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('message', (reply: SherpaReply) => this.settle(reply));
    this.exited = new Promise<void>((resolve) => {
      const ended = (why: string) => {
        if (!this.isDisposed) this.failure ??= new StageError('speech', `${this.label} stopped (${why})${this.lastError()}`);
        for (const [id, pending] of this.pending) {
          clearTimeout(pending.timer);
          pending.reject(this.isDisposed ? new DisposedError(this.label) : this.failure);
          this.pending.delete(id);
        }
        resolve();
      };
      child.once('exit', (code, signal) => ended(signal ?? `exit code ${code}`));
      // A process that could not be started at all may never emit 'exit'.
      child.once('error', (err) => {
        if (child.pid === undefined) ended(`could not start: ${err.message}`);
      });
    });
  }

  /** Starts the process and loads the model; rejects with StageError when it cannot. */
  static async start(init: SherpaInit, options: SherpaProcessOptions = {}, signal?: AbortSignal): Promise<{ process: SherpaProcess; info: InitReply }> {
    signal?.throwIfAborted();
    const child = fork(childEntry(), [], {
      execArgv: childExecArgv(),
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {},
    });
    const host = new SherpaProcess(child, options);
    const onAbort = () => void host.dispose();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const info = (await host.request({ op: 'init', init })) as InitReply;
      signal?.throwIfAborted();
      return { process: host, info };
    } catch (err) {
      await host.dispose();
      if (signal?.aborted) throw signal.reason;
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The child's process id, for diagnostics (its memory can be read from /proc/<pid>). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.isDisposed && this.failure === null;
  }

  /** True once dispose() was called (as against the process having died on its own). */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /**
   * Sends one request and waits for its reply; requests are served in order. An abort ends the
   * process: a native call cannot be interrupted any other way, and a caller that gave up on a
   * stuck model (its policy's timeout) must not leave it holding the CPU. The handle then counts
   * as failed, and SherpaModelProcess starts a fresh process for the next request.
   */
  request(request: SherpaRequest, signal?: AbortSignal): Promise<unknown> {
    if (this.isDisposed) return Promise.reject(new DisposedError(this.label));
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const kill = (why: string) => {
        this.failure ??= new StageError('speech', `${this.label} ${why}`);
        this.child.kill('SIGKILL');
      };
      const onAbort = () => {
        const pending = this.pending.get(id);
        if (!pending) return;
        this.pending.delete(id);
        clearTimeout(pending.timer);
        kill('was stopped: its caller gave up on it');
        reject(signal!.reason);
      };
      const timer = setTimeout(() => kill(`did not answer within ${Math.round(this.requestTimeoutMs / 1000)} s`), this.requestTimeoutMs);
      timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = <T>(settle: (value: T) => void) => (value: T) => {
        signal?.removeEventListener('abort', onAbort);
        settle(value);
      };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject), timer });
      const message: SherpaMessage = { id, request };
      this.child.send(message, (err) => {
        const pending = this.pending.get(id);
        if (err && pending) {
          this.pending.delete(id);
          clearTimeout(timer);
          // A write that fails (EPIPE) means the process is gone, though its 'exit' may come later:
          // marked failed now, so the next request starts a fresh process instead of writing here.
          if (!this.isDisposed) this.failure ??= new StageError('speech', `${this.label}: ${err.message}`, false, { cause: err });
          pending.reject(this.failure ?? new StageError('speech', `${this.label}: ${err.message}`, false, { cause: err }));
        }
      });
    });
  }

  /** Ends the process (and with it every byte the model held); waits until it has exited. */
  async dispose(): Promise<void> {
    if (!this.isDisposed) {
      this.isDisposed = true;
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  private settle(reply: SherpaReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new StageError('speech', `${this.label}: ${reply.error}${this.lastError()}`));
  }

  /** The last line sherpa-onnx wrote to stderr, which names the missing file or metadata key. */
  private lastError(): string {
    const lines = this.stderrTail.split('\n').map((l) => l.trim()).filter(Boolean);
    const line = lines.at(-1);
    return line ? `: ${line.replace(/^\S*\/sherpa-onnx\/csrc\//u, '').slice(0, 300)}` : '';
  }
}

/** The child's entry: the .ts source under tsx (tests, `node --import tsx`), the compiled .js in dist. */
function childEntry(): string {
  const self = fileURLToPath(import.meta.url);
  return self.replace(/sherpa-process\.(ts|js)$/u, 'sherpa-child.$1');
}

function childExecArgv(): string[] {
  if (!import.meta.url.endsWith('.ts')) return [];
  // Resolved to a file URL so the child finds tsx whatever its working directory.
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href];
}
