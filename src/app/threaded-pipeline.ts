import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { DisposedError, StageError } from '../core/errors.js';
import { Pipeline, type PipelineParts, type PipelineRequest } from '../core/pipeline.js';
import type { AcceptedInput, SimplifyRequest, SpeechRecognizer, SpeechSynthesizer, Simplifier, TranslateRequest, Translator } from '../core/ports.js';
import type { ProcessResult, StageName } from '../core/report.js';
import { asBuffer, JobChannel, movable } from './job-channel.js';
import { onBehalfOfJobThread } from './on-job-thread.js';
import type { PipelineThreadSettings } from './pipeline-thread-settings.js';
import { HOSTED, JOB_EVENTS, type PipelineJobOutcome, type PipelineJobTask } from './pipeline-job-protocol.js';
import { fromPortableError, toPortableError } from './portable-error.js';

/** The main thread's fallback chains, which the threads' jobs call (composeServices' `fallback`). */
export interface PipelineBackends {
  simplifier: Simplifier;
  translator: Translator;
  recognizer: SpeechRecognizer;
  synthesizer: SpeechSynthesizer;
}

export interface ThreadedPipelineOptions {
  /** What each thread builds its parts from (pipelineThreadSettings(config, limits)). */
  settings: PipelineThreadSettings;
  /**
   * The chains the jobs' simplify, translate, recognize and speak stages call, on the main thread:
   * their model pool, breakers and bulkheads are the service's only ones. Their last resorts
   * should be JobThreadSimplifier / JobThreadSynthesizer so that the CPU work comes back here.
   */
  backends: PipelineBackends;
  /** Threads kept warm; each loads its own OpenCV, espeak-ng, libav.js and OCR worker (~250-400 MB). Defaults to 1. */
  threads?: number;
  /** Jobs one thread runs at once (they interleave at awaits: one job's OCR, another's OpenCV). Defaults to 1. */
  jobsPerThread?: number;
  /** How long an aborted job's thread gets to notice before it is ended and replaced, in ms. Defaults to 10000. */
  abortGraceMs?: number;
  /** How long a thread beyond the first may idle before it ends, in ms. Defaults to 600000 (10 minutes). */
  idleThreadMs?: number;
  /** The module the threads run, a path. Defaults to pipeline-worker next to this file (.ts under tsx, .js when built). */
  workerFile?: string;
  /** Defaults to no logging. */
  logger?: { warn(obj: object, msg: string): void };
}

export interface ThreadedPipelineStats {
  threads: number;
  /** Jobs handed to a thread and not yet answered. */
  running: number;
  /** Jobs waiting for a free thread. */
  queued: number;
  completed: number;
  /** Jobs whose thread died under them (the thread was replaced). */
  crashed: number;
  /** Threads ended because an aborted job did not stop within the grace time. */
  killed: number;
}

/**
 * A pipeline whose jobs run on worker threads, so that the main thread's event loop stays free
 * for webhooks, acks and progress messages while OpenCV, espeak-ng, libav.js and the rule-based
 * simplifier do long synchronous work. Same contract as Pipeline.run: bytes in, onStage, abort,
 * ProcessResult out (audio bytes moved, not copied), and refusals that keep kind, code and params.
 *
 * Threads come from piscina (MIT; the Node.js-org-adjacent pool used by Fastify and Angular's
 * build): warm reuse, a queue whose waiting tasks can be withdrawn, and a dead thread replaced by
 * a fresh one. What it does not do, this class adds: a two-way channel per job (JobChannel) for
 * stage events, cooperative abort, and the chain calls; and a hard stop (thread ended, piscina
 * starts another) only for a job that ignores its abort for longer than the grace time.
 *
 * It extends Pipeline only so that everything typed against Pipeline takes it; it never uses the
 * base class's parts.
 */
export class ThreadedPipeline extends Pipeline {
  private readonly options: ThreadedPipelineOptions;
  private readonly threads: number;
  private readonly abortGraceMs: number;
  private pool: Piscina<PipelineJobTask, void> | null = null;
  private readonly jobs = new Set<AbortController>();
  private closed = false;
  private readonly counters = { completed: 0, crashed: 0, killed: 0 };

  constructor(options: ThreadedPipelineOptions) {
    super(NO_PARTS);
    this.options = options;
    this.threads = Math.max(1, Math.floor(options.threads ?? 1));
    this.abortGraceMs = options.abortGraceMs ?? 10_000;
  }

  override async run(request: PipelineRequest): Promise<ProcessResult> {
    if (this.closed) throw new DisposedError('ThreadedPipeline');
    request.signal?.throwIfAborted();
    const pool = this.startPool();
    const { port1, port2 } = new MessageChannel();
    const channel = new JobChannel(port1);
    // Ends the job's chain calls on this thread however the job ends; close() aborts it too.
    const job = new AbortController();
    this.jobs.add(job);
    const callerAbort = () => job.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', callerAbort, { once: true });
    this.serveChains(channel, job.signal);

    let threadId: number | null = null;
    let over = false;
    channel.on(JOB_EVENTS.started, (data) => {
      threadId = (data as { threadId: number }).threadId;
    });
    channel.on(JOB_EVENTS.stage, (stage) => request.onStage?.(stage as StageName));
    const done = new Promise<PipelineJobOutcome>((resolve) => channel.on(JOB_EVENTS.done, (outcome) => resolve(outcome as PipelineJobOutcome)));

    // The one copy of the input: exactly its bytes, into a buffer that then moves to the thread. The
    // caller's Buffer stays intact (a retried job sends it again). No AbortSignal goes to piscina: it
    // would run an abortable task alone on its thread, and end the thread to abort it.
    const input = new Uint8Array(request.bytes);
    const task: PipelineJobTask = {
      port: port2,
      request: { grade: request.grade, targetLanguage: request.targetLanguage, sourceLanguage: request.sourceLanguage, subject: request.subject, audio: request.audio },
      bytes: input.buffer,
    };
    const finished = pool.run(task, { transferList: [port2, input.buffer] });
    let graceTimer: NodeJS.Timeout | undefined;
    const settled = finished.then(
      () => undefined,
      () => undefined,
    );
    void settled.then(() => clearTimeout(graceTimer));

    const crashed = finished.then(
      () => new Promise<never>(() => undefined), // ended normally: its 'done' is the answer
      (err: unknown) => {
        if (job.signal.aborted) throw job.signal.reason;
        this.counters.crashed += 1;
        this.options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'a pipeline thread stopped while running a job; a new one replaces it');
        throw new StageError('pipeline', `the pipeline thread stopped while running this job: ${err instanceof Error ? err.message : String(err)}`, false, { cause: err });
      },
    );
    // A channel that closes before 'done' (a thread that died quietly) waits for piscina's verdict.
    const ended = new Promise<never>((_, reject) =>
      channel.onClose(() => void settled.then(() => reject(new StageError('pipeline', 'the pipeline thread ended the job without an answer')))),
    );
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () => {
        if (over) return;
        const reason: unknown = job.signal.reason;
        // A job still queued gets this as soon as a thread takes it, and stops before any work.
        channel.emit(JOB_EVENTS.abort, toPortableError(reason));
        graceTimer = setTimeout(() => {
          if (threadId === null) return;
          this.counters.killed += 1;
          this.options.logger?.warn({ graceMs: this.abortGraceMs }, 'an aborted job did not stop in time; its pipeline thread is ended and replaced');
          void this.endThread(threadId);
        }, this.abortGraceMs);
        graceTimer.unref();
        reject(reason);
      };
      if (job.signal.aborted) onAbort();
      else job.signal.addEventListener('abort', onAbort, { once: true });
    });

    try {
      const outcome = await Promise.race([done, crashed, ended, aborted]);
      if (!outcome.ok) throw fromPortableError(outcome.error);
      this.counters.completed += 1;
      const { result } = outcome;
      return result.audio ? { ...result, audio: { ...result.audio, data: asBuffer(result.audio.data) } } : result;
    } finally {
      over = true;
      request.signal?.removeEventListener('abort', callerAbort);
      this.jobs.delete(job);
      if (!job.signal.aborted) {
        // Answered (or crashed): end whatever chain call of this job is still running here.
        job.abort(new DOMException('the job ended', 'AbortError'));
      }
      channel.close();
    }
  }

  stats(): ThreadedPipelineStats {
    return {
      threads: this.pool?.threads.length ?? 0,
      running: this.jobs.size,
      queued: this.pool?.queueSize ?? 0,
      ...this.counters,
    };
  }

  /** Rejects the jobs still running with DisposedError and ends the threads. Later runs throw DisposedError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.jobs) job.abort(new DisposedError('ThreadedPipeline'));
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }

  /** Ends one thread (piscina rejects its tasks and starts a replacement). */
  private async endThread(threadId: number): Promise<void> {
    await this.pool?.threads.find((thread) => thread.threadId === threadId)?.terminate();
  }

  /** Threads start on the first job, not at start-up: the CLI's simplify command and the health check never pay for them. */
  private startPool(): Piscina<PipelineJobTask, void> {
    if (this.pool) return this.pool;
    const filename = this.options.workerFile ?? defaultWorkerFile();
    const pool = new Piscina<PipelineJobTask, void>({
      filename,
      name: 'default',
      // One thread at first; more only while jobs wait for one (the CLI's single job never starts a
      // second). One that then idles for idleThreadMs ends, handing its WASM memory back.
      minThreads: 1,
      maxThreads: this.threads,
      idleTimeout: this.options.idleThreadMs ?? 600_000,
      concurrentTasksPerWorker: Math.max(1, Math.floor(this.options.jobsPerThread ?? 1)),
      // Between jobs a thread waits on messages, not in Atomics.wait: its OCR workers' and timers'
      // events must keep flowing.
      atomics: 'disabled',
      execArgv: workerExecArgv(filename),
      workerData: { settings: this.options.settings },
    });
    // A thread's own error reaches its task as a rejection; this catches the rest so the process does not crash.
    pool.on('error', (err: unknown) => this.options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'pipeline thread error'));
    this.pool = pool;
    return pool;
  }

  private serveChains(channel: JobChannel, signal: AbortSignal): void {
    const { simplifier, translator, recognizer, synthesizer } = this.options.backends;
    const hosted = <T>(work: () => Promise<T>) => onBehalfOfJobThread(channel, work);
    channel.handle(HOSTED.simplify, async (args) => ({ value: await hosted(() => simplifier.simplify({ ...(args as SimplifyRequest), signal })) }));
    channel.handle(HOSTED.translate, async (args) => ({ value: await hosted(() => translator.translate({ ...(args as TranslateRequest), signal })) }));
    channel.handle(HOSTED.transcribe, async (args) => {
      const { input, ...options } = args as { input: AcceptedInput; languageHint?: string };
      return { value: await hosted(() => recognizer.transcribe({ ...input, bytes: asBuffer(input.bytes) }, { ...options, signal })) };
    });
    channel.handle(HOSTED.synthesize, async (args) => {
      const pcm = await hosted(() => synthesizer.synthesize({ ...(args as { text: string; language: string; speed?: number }), signal }));
      // The job owns the PCM from here: it moves to the thread that encodes it.
      const samples = movable(pcm.samples);
      return { value: { samples: samples.view, sampleRate: pcm.sampleRate }, transfer: [samples.buffer] };
    });
  }
}

/** The base class's parts; ThreadedPipeline never calls them. */
const NO_PARTS: PipelineParts = (() => {
  const unused = (): never => {
    throw new Error('ThreadedPipeline runs its jobs on its threads, not with the base class parts');
  };
  return {
    accept: unused,
    limits: { maxBytes: 0, maxPdfPages: 0, maxImagePixels: 0, maxDocxUncompressedBytes: 0, maxDocxCompressionRatio: 0, maxTextChars: 0, maxAudioSeconds: 0 },
    extractors: [],
    recognizer: { transcribe: unused },
    simplifier: { simplify: unused },
    translator: { translate: unused },
    validator: { validate: unused },
    synthesizer: { synthesize: unused },
    encoder: { encode: unused },
  };
})();

/** The thread's entry: the .ts source under tsx (tests, `node --import tsx`), the compiled .js in dist. */
function defaultWorkerFile(): string {
  return fileURLToPath(import.meta.url).replace(/threaded-pipeline\.(ts|js)$/u, 'pipeline-worker.$1');
}

function workerExecArgv(filename: string): string[] {
  if (!filename.endsWith('.ts')) return [];
  // Resolved to a file URL so the thread finds tsx whatever the working directory.
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}
