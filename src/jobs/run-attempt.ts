import { redactSecrets } from '../log/redact-secrets.js';
import type { JobHandler, JobRecord, JobSteps } from '../core/job.js';

/** The reason a shutdown aborts running jobs with; a run ended by it is put back, not counted. */
export class ShutdownAbort extends Error {
  constructor() {
    super('the service is shutting down');
    this.name = 'ShutdownAbort';
  }
}

export type AttemptResult = { ok: true } | { ok: false; error: unknown; reason: string; stoppedByShutdown: boolean };

/**
 * One run of a job's handler, stopped by the job time limit or by a shutdown (whichever comes
 * first). Both durable queues use it, so a timeout or a shutdown means the same in each.
 */
export async function runAttempt(handler: JobHandler<unknown>, job: JobRecord, steps: JobSteps, options: { timeoutMs: number; shutdown: AbortSignal }): Promise<AttemptResult> {
  const controller = new AbortController();
  const onShutdown = () => controller.abort(options.shutdown.reason);
  if (options.shutdown.aborted) onShutdown();
  else options.shutdown.addEventListener('abort', onShutdown, { once: true });
  const timer = setTimeout(() => controller.abort(new Error(`job timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
  try {
    await handler.run(job, steps, controller.signal);
    return { ok: true };
  } catch (error) {
    const stoppedByShutdown = controller.signal.reason instanceof ShutdownAbort;
    const reason = controller.signal.aborted && !stoppedByShutdown ? String((controller.signal.reason as Error).message) : errorText(error);
    return { ok: false, error, reason, stoppedByShutdown };
  } finally {
    clearTimeout(timer);
    options.shutdown.removeEventListener('abort', onShutdown);
  }
}

/** A short, single-line reason for logs and the parked job's record: never a stack, never a token. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactSecrets(text).replace(/\s+/g, ' ').slice(0, 500);
}

/** Back-off before the next attempt: 2 s, 4 s, 8 s... capped at a minute. */
export function retryDelayMs(runs: number, baseMs: number): number {
  return Math.min(60_000, baseMs * 2 ** Math.max(0, runs - 1));
}
