import { AsyncLocalStorage } from 'node:async_hooks';
import type { BackendInfo, PcmAudio, Simplifier, SimplifyRequest, SimplifyResult, SpeechSynthesizer } from '../core/ports.js';
import type { JobChannel } from './job-channel.js';

/**
 * The job a main-thread call is made for, when a pipeline thread asked for it (ThreadedPipeline).
 * The fallback chains live on the main thread, once, with their breakers, bulkheads and the model
 * pool; what they end in — the rule-based simplifier and the espeak-ng voice, both long
 * synchronous CPU work — must run on the job's own thread. The chain is async all the way down,
 * so AsyncLocalStorage carries the job from the thread's request to the chain's last resort
 * without any signature in between knowing about threads.
 */
const jobThread = new AsyncLocalStorage<JobChannel>();

/** Runs `work` (a chain call asked for by a pipeline thread) so that its last resort goes back to that thread. */
export function onBehalfOfJobThread<T>(channel: JobChannel, work: () => Promise<T>): Promise<T> {
  return jobThread.run(channel, work);
}

/** What the pipeline thread answers to, for the two last-resort calls. */
export const EMBEDDED_SIMPLIFY = 'embedded:simplify';
export const EMBEDDED_SYNTHESIZE = 'embedded:synthesize';

/**
 * The rule-based simplifier as a chain's last resort in a threaded service: inside a threaded job
 * it runs on that job's thread; anywhere else (the CLI's simplify command, a test calling the
 * chain directly) it runs here, as before.
 */
export class JobThreadSimplifier implements Simplifier {
  constructor(private readonly local: Simplifier & { readonly backend?: BackendInfo }) {}

  get backend(): BackendInfo | undefined {
    return this.local.backend;
  }

  simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    const channel = jobThread.getStore();
    if (!channel) return this.local.simplify(request);
    const { signal, ...args } = request;
    return channel.call<SimplifyResult>(EMBEDDED_SIMPLIFY, args, { signal });
  }
}

/** The espeak-ng voice as the speech chain's last resort, on the job's thread when there is one (see JobThreadSimplifier). */
export class JobThreadSynthesizer implements SpeechSynthesizer {
  constructor(private readonly local: SpeechSynthesizer) {}

  synthesize(request: { text: string; language: string; speed?: number; signal?: AbortSignal }): Promise<PcmAudio> {
    const channel = jobThread.getStore();
    if (!channel) return this.local.synthesize(request);
    const { signal, ...args } = request;
    return channel.call<PcmAudio>(EMBEDDED_SYNTHESIZE, args, { signal });
  }
}
