import type { EnqueueOutcome, JobRecord } from '../core/job.js';

/** How one run of a job ended: done, tried again later, given up, or put back by a shutdown. */
export type RunOutcome = 'done' | 'retry' | 'parked' | 'requeued';

/** What a queue tells an observer (the metrics) about jobs; every hook is optional and must not throw. */
export interface JobEvents {
  enqueued?(job: JobRecord, outcome: EnqueueOutcome): void;
  finished?(job: JobRecord, outcome: RunOutcome, ms: number): void;
}
