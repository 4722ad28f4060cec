import { createWorker, OEM, type Worker } from 'tesseract.js';
import { DisposedError, StageError } from '../../core/errors.js';
import type { OcrEngine } from '../../core/ports.js';
import { defaultTessdataDir, ensureTessdataFolder, TESSERACT_CODES } from './tessdata-folder.js';
import type { OcrBlock } from '../../core/ports.js';
import { textFromBlocks } from './text-from-blocks.js';

export interface TesseractOcrPoolOptions {
  /** Workers kept warm and reused across jobs (each holds its languages, ~100-200 MB). Defaults to 1. */
  size?: number;
  /** Folder where the traineddata of all needed languages is gathered (tesseract.js loads a combination from one folder). Defaults to os.tmpdir()/shikshasetu-tessdata. */
  cacheDir?: string;
  /** Tesseract page segmentation mode. Defaults to '3' (fully automatic layout). */
  pageSegMode?: string;
}

export interface OcrRecognizeOptions {
  /** Tesseract codes, most likely first, e.g. ['hin', 'eng']. */
  languages: string[];
  /** 'block' when the image is a few lines cut from a page (no layout to analyse), 'line' for one line or word. Defaults to 'page'. */
  layout?: 'page' | 'block' | 'line';
  /** Only these characters may be read. Defaults to any. */
  charWhitelist?: string;
  signal?: AbortSignal;
}

export interface OcrResult {
  /** Paragraphs separated by a blank line; lines of one paragraph joined by spaces. */
  text: string;
  /** Mean word confidence, 0..1. */
  confidence: number;
  /** Words Tesseract found, with their confidence (0..1). */
  words: number;
  /** Tesseract's layout tree with each word's box, confidence and characters: what a second reading of doubtful words starts from. */
  blocks: OcrBlock[];
}

export interface OcrPoolStats {
  workerStarts: number;
  /** Milliseconds each worker start took (spawn + load + language init). */
  startMs: number[];
  /** Language re-initialisations of an already running worker. */
  languageSwitches: number;
  recognitions: number;
  /** Milliseconds of the last recognitions (most recent last, at most 50). */
  recognizeMs: number[];
  /** Workers ended because their job was aborted. */
  abortedWorkers: number;
}

interface Slot {
  worker: Worker;
  languages: string;
  /** The page segmentation mode and character whitelist currently set, or '' after an init reset them. */
  parameters: string;
  busy: boolean;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('OCR was aborted');
  err.name = 'AbortError';
  return err;
}

/**
 * tesseract.js workers kept warm and shared by jobs. A worker keeps the languages it was last
 * initialised with and is only re-initialised when a job needs others. Language data comes from
 * the @tesseract.js-data packages on disk: no network is touched.
 */
export class TesseractOcrPool implements OcrEngine {
  private readonly size: number;
  private readonly cacheDir: string;
  private readonly pageSegMode: string;
  private readonly slots: Slot[] = [];
  private starting = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;
  private readonly counters: OcrPoolStats = { workerStarts: 0, startMs: [], languageSwitches: 0, recognitions: 0, recognizeMs: [], abortedWorkers: 0 };

  constructor(options: TesseractOcrPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? 1));
    this.cacheDir = options.cacheDir ?? defaultTessdataDir();
    this.pageSegMode = options.pageSegMode ?? '3';
  }

  /** Counts and timings since the pool was made. */
  stats(): OcrPoolStats {
    return { ...this.counters, startMs: [...this.counters.startMs], recognizeMs: [...this.counters.recognizeMs] };
  }

  /** Workers currently alive. */
  get workerCount(): number {
    return this.slots.length;
  }

  async recognize(image: Buffer, options: OcrRecognizeOptions): Promise<OcrResult> {
    if (this.closed) throw new DisposedError('TesseractOcrPool');
    const languages = this.checkLanguages(options.languages);
    options.signal?.throwIfAborted();
    const slot = await this.acquire(languages, options.signal);
    let keep = true;
    try {
      if (slot.languages !== languages) {
        await ensureTessdataFolder(this.cacheDir, languages.split('+'));
        await this.race(slot.worker.reinitialize(languages, OEM.LSTM_ONLY), options.signal);
        slot.languages = languages;
        slot.parameters = '';
        this.counters.languageSwitches += 1;
      }
      const pageSegMode = options.layout === 'block' ? '6' : options.layout === 'line' ? '7' : this.pageSegMode;
      const whitelist = options.charWhitelist ?? '';
      const parameters = `${pageSegMode}|${whitelist}`;
      if (slot.parameters !== parameters) {
        // The scans carry no resolution; telling Tesseract 300 dpi silences its warning and keeps its size heuristics sane.
        await slot.worker.setParameters({ tessedit_pageseg_mode: pageSegMode as never, user_defined_dpi: '300', tessedit_char_whitelist: whitelist });
        slot.parameters = parameters;
      }
      const started = performance.now();
      const result = await this.race(slot.worker.recognize(image, {}, { text: true, blocks: true }), options.signal);
      this.counters.recognitions += 1;
      this.counters.recognizeMs.push(Math.round(performance.now() - started));
      if (this.counters.recognizeMs.length > 50) this.counters.recognizeMs.shift();
      const blocks = (result.data.blocks ?? []) as unknown as OcrBlock[];
      return { ...textFromBlocks(blocks), blocks };
    } catch (err) {
      // A worker interrupted mid-job (aborted, or its WASM failed) is in an unknown state: end it
      // and let the next job start a fresh one.
      keep = false;
      if (options.signal?.aborted) {
        this.counters.abortedWorkers += 1;
        throw abortError(options.signal);
      }
      if (err instanceof Error && err.name === 'AbortError') throw err;
      throw new StageError('extract', `OCR failed: ${typeof err === 'string' ? err : (err as Error).message}`, true, { cause: err });
    } finally {
      this.release(slot, keep);
    }
  }

  /** Ends every worker; later calls to recognize throw DisposedError. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private checkLanguages(codes: string[]): string {
    if (codes.length === 0) throw new Error('OCR needs at least one language');
    const unique = [...new Set(codes)];
    for (const code of unique) {
      // Codes become file names: only the fixed set of packaged languages is allowed.
      if (!TESSERACT_CODES.has(code)) throw new Error(`unsupported OCR language "${code}"`);
    }
    return unique.join('+');
  }

  /** Resolves with the promise, or rejects as soon as the signal aborts. */
  private race<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
    if (!signal) return work;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(signal));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async acquire(languages: string, signal?: AbortSignal): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new DisposedError('TesseractOcrPool');
      signal?.throwIfAborted();
      // Prefer an idle worker that already speaks these languages, then any idle one.
      const idle = this.slots.filter((s) => !s.busy);
      const slot = idle.find((s) => s.languages === languages) ?? idle[0];
      if (slot) {
        slot.busy = true;
        return slot;
      }
      if (this.slots.length + this.starting < this.size) return this.start(languages, signal);
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(abortError(signal!));
        };
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }

  private async start(languages: string, signal?: AbortSignal): Promise<Slot> {
    this.starting += 1;
    const started = performance.now();
    try {
      const langPath = await ensureTessdataFolder(this.cacheDir, languages.split('+'));
      const creating = createWorker(languages, OEM.LSTM_ONLY, {
        langPath,
        cacheMethod: 'none',
        gzip: true,
        // Without a handler tesseract.js rethrows a worker's error from an event callback,
        // which would crash the process; the rejected job promise already carries it.
        errorHandler: () => undefined,
      });
      let worker: Worker;
      try {
        worker = await this.race(creating, signal);
      } catch (err) {
        // The start goes on in the background after an abort: end that worker when it arrives.
        creating.then((w) => w.terminate()).catch(() => undefined);
        throw err;
      }
      this.counters.workerStarts += 1;
      this.counters.startMs.push(Math.round(performance.now() - started));
      const slot: Slot = { worker, languages, parameters: '', busy: true };
      if (this.closed) {
        await worker.terminate();
        throw new DisposedError('TesseractOcrPool');
      }
      this.slots.push(slot);
      return slot;
    } catch (err) {
      if (err instanceof DisposedError || (err instanceof Error && err.name === 'AbortError') || signal?.aborted) throw err;
      throw new StageError('extract', `OCR worker failed to start: ${typeof err === 'string' ? err : (err as Error).message}`, true, { cause: err });
    } finally {
      this.starting -= 1;
    }
  }

  private release(slot: Slot, keep: boolean): void {
    slot.busy = false;
    if (!keep || this.closed) {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.worker.terminate().catch(() => undefined);
    }
    this.waiting.shift()?.();
  }
}
