import type { Config } from '../../config/settings.js';
import type { JobEvents } from '../jobs/job-events.js';
import type { JobRunOptions } from '../jobs/job-run-options.js';
import type { Logger } from '../log/logger.js';

/** The job queues' run options as the settings give them (JOB_CONCURRENCY, MAX_QUEUED_JOBS, ...). */
export function jobRunOptionsFromConfig(config: Config, logger: Logger, events?: JobEvents): JobRunOptions {
  return {
    logger,
    concurrency: config.jobConcurrency,
    maxQueued: config.maxQueuedJobs,
    maxAttempts: config.jobMaxAttempts,
    jobTimeoutMs: config.jobTimeoutSeconds * 1000,
    ...(events ? { events } : {}),
  };
}
