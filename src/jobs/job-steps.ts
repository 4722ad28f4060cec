import type { JobSteps } from '../core/job.js';

/** Where completed steps are kept: memory for the in-process queue, a table for durable ones. */
export interface StepLog {
  load(jobId: string): Promise<Map<string, unknown>> | Map<string, unknown>;
  record(jobId: string, name: string, result: unknown): Promise<void> | void;
}

export class MemoryStepLog implements StepLog {
  private readonly steps = new Map<string, Map<string, unknown>>();
  load(jobId: string): Map<string, unknown> {
    return new Map(this.steps.get(jobId) ?? []);
  }
  record(jobId: string, name: string, result: unknown): void {
    let map = this.steps.get(jobId);
    if (!map) this.steps.set(jobId, (map = new Map()));
    map.set(name, result);
  }
  forget(jobId: string): void {
    this.steps.delete(jobId);
  }
}

/** JobSteps over a StepLog: each named step runs at most once per job, across restarts. */
export async function createJobSteps(jobId: string, log: StepLog): Promise<JobSteps> {
  const done = await log.load(jobId);
  const running = new Map<string, Promise<unknown>>();
  return {
    async once<T>(name: string, fn: () => Promise<T>): Promise<T> {
      if (done.has(name)) return done.get(name) as T;
      const pending = running.get(name);
      if (pending) return pending as Promise<T>;
      const promise = (async () => {
        const result = await fn();
        // undefined does not survive JSON; null marks "done, nothing to remember".
        const stored = result === undefined ? null : result;
        await log.record(jobId, name, stored);
        done.set(name, stored);
        return result;
      })();
      running.set(name, promise);
      try {
        return await promise;
      } finally {
        running.delete(name);
      }
    },
    completed: () => [...done.keys()],
  };
}
