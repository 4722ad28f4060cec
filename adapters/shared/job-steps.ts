import type { JobSteps } from '../../src/core/job.js';

/**
 * A step's recorded result when the step log has it, else null, without running anything:
 * after a restart the progress message's handle is only in the step log, and asking JobSteps
 * for a step not yet done would run (send) it.
 */
export async function recordedStep<T>(steps: JobSteps, name: string): Promise<T | null> {
  return steps.completed().includes(name) ? steps.once<T | null>(name, async () => null) : null;
}

/**
 * JobSteps that already know one step's result. A job's accepted hook and its run() get separate
 * JobSteps objects, and run() may start before the hook's "working on it" message has returned;
 * run() waits for the hook's result and hands it in here, so the user never gets two.
 */
export function withKnownStep(steps: JobSteps, name: string, result: unknown): JobSteps {
  return {
    once: <T>(step: string, fn: () => Promise<T>) => (step === name ? Promise.resolve(result as T) : steps.once(step, fn)),
    completed: () => [...new Set([...steps.completed(), name])],
  };
}
