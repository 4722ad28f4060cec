import type { MessagePort } from 'node:worker_threads';
import type { ProcessResult } from '../core/report.js';
import type { PortableError } from './portable-error.js';

/**
 * What ThreadedPipeline and its threads (pipeline-worker.ts) say to each other about one job. The
 * task goes through piscina; everything after it goes over the job's JobChannel.
 */

/** One job as the main thread hands it over. */
export interface PipelineJobTask {
  /** The thread's end of the job's channel; moved with the task. */
  port: MessagePort;
  request: { grade: number; targetLanguage: string | null; sourceLanguage: string; subject?: string; audio: boolean };
  /** The input: a copy the main thread gave up (moved, not cloned). */
  bytes: ArrayBuffer;
}

/** The job's last message ('done' event): its result, audio bytes moved, or its error as data. */
export type PipelineJobOutcome = { ok: true; result: ProcessResult } | { ok: false; error: PortableError };

/** Events: thread -> main 'started', 'stage' (a StageName), 'done' (a PipelineJobOutcome); main -> thread 'abort' (a PortableError). */
export const JOB_EVENTS = { started: 'started', stage: 'stage', done: 'done', abort: 'abort' } as const;

/** Calls the thread makes to the main thread's chains. The calls back (last resorts) are in on-job-thread.ts. */
export const HOSTED = { simplify: 'simplify', translate: 'translate', transcribe: 'transcribe', synthesize: 'synthesize' } as const;
