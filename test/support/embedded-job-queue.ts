import type { Config } from '../../config/settings.js';
import { openEmbeddedJobQueue } from '../../src/app/embedded-job-queue.js';
import { jobRunOptionsFromConfig } from '../../src/app/job-run-options-from-config.js';
import type { Logger } from '../../src/log/logger.js';
import type { DurableJobQueue } from '../../src/jobs/durable-job-queue.js';

/**
 * The job queue `serve` runs without REDIS_URL, opened by the same code: the adapter harnesses
 * use it so that their tests exercise the store the product runs on, not a stand-in. `close`
 * stops the queue and releases the data directory.
 */
export function embeddedJobQueue(config: Config, logger: Logger): { queue: DurableJobQueue; close: () => Promise<void> } {
  const embedded = openEmbeddedJobQueue(config.dataDir, jobRunOptionsFromConfig(config, logger));
  return {
    queue: embedded.queue,
    close: async () => {
      await embedded.queue.stop(1000);
      embedded.close();
    },
  };
}
