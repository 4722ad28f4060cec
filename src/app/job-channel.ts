import type { MessagePort, Transferable } from 'node:worker_threads';
import { fromPortableError, toPortableError, type PortableError } from './portable-error.js';

/** What a call handler answers: the value, and the buffers in it that may move instead of being copied. */
export interface Reply {
  value: unknown;
  /** ArrayBuffers in the value that the answering side gives up. Defaults to none (copied). */
  transfer?: Transferable[];
}

type Message =
  | { t: 'call'; id: number; target: string; args: unknown }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: PortableError }
  | { t: 'event'; name: string; data: unknown };

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  cleanup(): void;
}

/**
 * One job's two-way line between the main thread and the pipeline thread that runs it: calls in
 * both directions (the thread asks the main thread's model-backed chains; the main thread asks
 * the thread for the embedded work its chains end in), and one-way events (stage, abort, done).
 * Errors cross as PortableError so their kind, code and params survive. Hand-written: it is a
 * few dozen lines over a MessagePort, and an RPC library would bring its own framing and proxies
 * for exactly this.
 */
export class JobChannel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, (args: unknown) => Promise<Reply>>();
  private readonly listeners = new Map<string, (data: unknown) => void>();
  private closedWith: unknown = null;
  private onEnd: (() => void) | null = null;

  constructor(private readonly port: MessagePort) {
    port.on('message', (message: Message) => this.receive(message));
    // The other side closed its end (its job finished) or its thread died: nothing more will come.
    port.on('close', () => {
      this.close(new Error('the other side of the job channel is gone'));
      this.onEnd?.();
    });
    // A port never holds the process open: the pool's own handles decide when work is done.
    port.unref();
  }

  /** Calls a handler on the other side; rejects with the other side's error, the signal's reason, or the channel's end. */
  call<T>(target: string, args: unknown, options: { transfer?: Transferable[]; signal?: AbortSignal } = {}): Promise<T> {
    if (this.closedWith !== null) return Promise.reject(this.closedWith);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        const entry = this.pending.get(id);
        this.pending.delete(id);
        entry?.reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => resolve(value as T),
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      this.post({ t: 'call', id, target, args }, options.transfer);
    });
  }

  /** Answers the other side's calls to `target`. */
  handle(target: string, handler: (args: unknown) => Promise<Reply>): void {
    this.handlers.set(target, handler);
  }

  /** A one-way message; the last listener set for a name gets it. */
  emit(name: string, data: unknown, transfer?: Transferable[]): void {
    this.post({ t: 'event', name, data }, transfer);
  }

  on(name: string, listener: (data: unknown) => void): void {
    this.listeners.set(name, listener);
  }

  /** Called once when the line is gone, after every message sent before that was delivered. */
  onClose(listener: () => void): void {
    this.onEnd = listener;
  }

  /** Ends the line: calls still waiting reject with `reason`, later ones too; the port is closed. */
  close(reason: unknown = new Error('the job channel was closed')): void {
    if (this.closedWith !== null) return;
    this.closedWith = reason;
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.cleanup();
      entry.reject(reason);
    }
    this.port.close();
  }

  private post(message: Message, transfer?: Transferable[]): void {
    if (this.closedWith !== null) return;
    this.port.postMessage(message, transfer);
  }

  private receive(message: Message): void {
    if (message.t === 'event') {
      this.listeners.get(message.name)?.(message.data);
      return;
    }
    if (message.t === 'reply') {
      const entry = this.pending.get(message.id);
      if (!entry) return; // already aborted on this side
      this.pending.delete(message.id);
      entry.cleanup();
      if (message.ok) entry.resolve(message.value);
      else entry.reject(fromPortableError(message.error));
      return;
    }
    const handler = this.handlers.get(message.target);
    const { id } = message;
    const answer = handler ? Promise.resolve().then(() => handler(message.args)) : Promise.reject(new Error(`no handler for ${message.target}`));
    answer.then(
      (reply) => this.post({ t: 'reply', id, ok: true, value: reply.value }, reply.transfer),
      (err: unknown) => this.post({ t: 'reply', id, ok: false, error: toPortableError(err) }),
    );
  }
}

/**
 * `view` in a form whose buffer can move with a message, and that buffer: the view itself when it
 * spans its whole (non-shared) ArrayBuffer, else a copy that does. Moving a buffer that other
 * views share (Node's small-Buffer pool, a WASM heap) would cut it from under them.
 */
export function movable<T extends Uint8Array | Float32Array>(view: T): { view: T; buffer: ArrayBuffer } {
  const { buffer } = view;
  if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) return { view, buffer };
  const copy = (view instanceof Float32Array ? new Float32Array(view) : new Uint8Array(view)) as T;
  return { view: copy, buffer: copy.buffer as ArrayBuffer };
}

/** A Buffer over bytes that arrived from another thread (structured cloning turns Buffers into Uint8Arrays). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
