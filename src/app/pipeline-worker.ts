/**
 * Entry of a pipeline thread (piscina worker; see ThreadedPipeline). The thread builds the
 * embedded default's CPU-heavy parts once and runs jobs with them; for the four chain ports it
 * asks the main thread, over the job's channel, and the main thread asks it back for the chains'
 * last resorts (rule-based simplifier, espeak-ng). Nothing here throws across the thread: the
 * outcome, result or error, goes back as the job's 'done' event.
 */
import { threadId, workerData, type Transferable } from 'node:worker_threads';
import { Pipeline } from '../core/pipeline.js';
import type { AcceptedInput, PcmAudio, SimplifyRequest, SimplifyResult, TranslateResult } from '../core/ports.js';
import type { StageName } from '../core/report.js';
import { asBuffer, JobChannel, movable } from './job-channel.js';
import { EMBEDDED_SIMPLIFY, EMBEDDED_SYNTHESIZE } from './on-job-thread.js';
import { buildPipelineThreadParts, type PipelineThreadParts } from './pipeline-thread-parts.js';
import type { PipelineThreadSettings } from './pipeline-thread-settings.js';
import { HOSTED, JOB_EVENTS, type PipelineJobOutcome, type PipelineJobTask } from './pipeline-job-protocol.js';
import { fromPortableError, toPortableError, type PortableError } from './portable-error.js';

let parts: PipelineThreadParts | undefined;

export default async function runPipelineJob(task: PipelineJobTask): Promise<void> {
  parts ??= buildPipelineThreadParts((workerData as { settings: PipelineThreadSettings }).settings);
  const { local, ruleBased, voice } = parts;
  const channel = new JobChannel(task.port);
  const job = new AbortController();
  const { signal } = job;
  channel.on(JOB_EVENTS.abort, (reason) => job.abort(fromPortableError(reason as PortableError)));
  // The main thread let go of the job (answered its caller on abort, or is closing): stop too.
  channel.onClose(() => job.abort(new DOMException('the main thread ended the job', 'AbortError')));

  channel.handle(EMBEDDED_SIMPLIFY, async (args) => ({ value: await ruleBased.simplify({ ...(args as SimplifyRequest), signal }) }));
  channel.handle(EMBEDDED_SYNTHESIZE, async (args) => {
    const pcm = await voice.synthesize({ ...(args as { text: string; language: string; speed?: number }), signal });
    const samples = movable(pcm.samples);
    return { value: { samples: samples.view, sampleRate: pcm.sampleRate }, transfer: [samples.buffer] };
  });

  const pipeline = new Pipeline({
    ...local,
    simplifier: { simplify: ({ signal: own, ...request }) => channel.call<SimplifyResult>(HOSTED.simplify, request, { signal: own ?? signal }) },
    translator: { translate: ({ signal: own, ...request }) => channel.call<TranslateResult | null>(HOSTED.translate, request, { signal: own ?? signal }) },
    recognizer: {
      // The note is copied, not moved: the pipeline still reports the input's size afterwards.
      transcribe: (input: AcceptedInput, { signal: own, ...options }) => channel.call(HOSTED.transcribe, { input, ...options }, { signal: own ?? signal }),
    },
    synthesizer: { synthesize: ({ signal: own, ...request }) => channel.call<PcmAudio>(HOSTED.synthesize, request, { signal: own ?? signal }) },
  });

  let outcome: PipelineJobOutcome;
  const transfer: Transferable[] = [];
  try {
    channel.emit(JOB_EVENTS.started, { threadId });
    // An abort sent while the job waited in the queue is delivered now, before any work starts.
    await new Promise((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
    const result = await pipeline.run({
      ...task.request,
      bytes: asBuffer(new Uint8Array(task.bytes)),
      signal,
      onStage: (stage: StageName) => channel.emit(JOB_EVENTS.stage, stage),
    });
    if (result.audio) {
      const data = movable(result.audio.data);
      transfer.push(data.buffer);
      result.audio = { ...result.audio, data: asBuffer(data.view) };
    }
    outcome = { ok: true, result };
  } catch (err) {
    outcome = { ok: false, error: toPortableError(err) };
  }
  channel.emit(JOB_EVENTS.done, outcome, transfer);
  channel.close();
}
