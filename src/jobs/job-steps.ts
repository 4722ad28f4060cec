import { setTimeout as sleep } from 'node:timers/promises';
import type { JobSteps } from '../core/job.js';

/** Where completed steps are kept: memory for the in-process queue, a table for durable ones. */
export interface StepLog {
  load(jobId: string): Promise<Map<string, unknown>> | Map<string, unknown>;
  record(jobId: string, name: string, result: unknown): Promise<void> | void;
}

/**
 * A step log several processes write to (Redis). The accepted hook runs in the ingress process
 * and the job in a worker, so both may reach the same step (the "working on it" message) at once:
 * a claim with a time limit lets one of them send while the other waits for its record.
 */
export interface SharedStepLog extends StepLog {
  /** True when this caller now holds the step; false while another holds it. */
  claim(jobId: string, name: string, ttlMs: number): Promise<boolean>;
  release(jobId: string, name: string): Promise<void>;
  /** One step's record, read again (a waiter checks whether the holder finished). */
  get(jobId: string, name: string): Promise<{ found: true; result: unknown } | { found: false }>;
}

export function isSharedStepLog(log: StepLog): log is SharedStepLog {
  return typeof (log as Partial<SharedStepLog>).claim === 'function';
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

export interface JobStepsOptions {
  /** Shared logs: how long a claim on a step holds if its holder dies. Defaults to 120000 ms. */
  claimTtlMs?: number;
  /** Shared logs: how often a waiter looks whether the holder finished. Defaults to 200 ms. */
  pollMs?: number;
}

/** JobSteps over a StepLog: each named step runs at most once per job, across restarts. */
export async function createJobSteps(jobId: string, log: StepLog, options: JobStepsOptions = {}): Promise<JobSteps> {
  const done = await log.load(jobId);
  const running = new Map<string, Promise<unknown>>();

  const runAndRecord = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const result = await fn();
    // undefined does not survive JSON; null marks "done, nothing to remember".
    const stored = result === undefined ? null : result;
    await log.record(jobId, name, stored);
    done.set(name, stored);
    return result;
  };

  const runClaimed = async <T>(shared: SharedStepLog, name: string, fn: () => Promise<T>): Promise<T> => {
    const ttl = options.claimTtlMs ?? 120_000;
    for (;;) {
      if (await shared.claim(jobId, name, ttl)) {
        try {
          // The previous holder records before it releases: look once more before sending.
          const seen = await shared.get(jobId, name);
          if (seen.found) {
            done.set(name, seen.result);
            return seen.result as T;
          }
          return await runAndRecord(name, fn);
        } finally {
          await shared.release(jobId, name).catch(() => undefined);
        }
      }
      await sleep(options.pollMs ?? 200);
      const seen = await shared.get(jobId, name);
      if (seen.found) {
        done.set(name, seen.result);
        return seen.result as T;
      }
    }
  };

  return {
    async once<T>(name: string, fn: () => Promise<T>): Promise<T> {
      if (done.has(name)) return done.get(name) as T;
      const pending = running.get(name);
      if (pending) return pending as Promise<T>;
      const promise = isSharedStepLog(log) ? runClaimed(log, name, fn) : runAndRecord(name, fn);
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

/**
 * One JobSteps per job while it is live in this process: the accepted hook and every attempt
 * share it, so a step the hook is still sending (the "working" message) is awaited by the
 * attempt, not sent a second time. `forget` drops a finished job's entry.
 */
export class LiveJobSteps {
  private readonly byId = new Map<string, Promise<JobSteps>>();

  constructor(private readonly log: StepLog) {}

  for(id: string): Promise<JobSteps> {
    let steps = this.byId.get(id);
    if (!steps) this.byId.set(id, (steps = createJobSteps(id, this.log)));
    return steps;
  }

  forget(id: string): void {
    this.byId.delete(id);
  }
}
