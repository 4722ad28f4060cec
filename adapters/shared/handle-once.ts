import type { DedupeStore } from '../../src/jobs/in-memory-job-queue.js';

/**
 * Handles a platform event unless it was handled before: Telegram redelivers updates and Meta
 * retries webhooks for days, so the same event id comes back. The id is marked only after the
 * work succeeded (its job stored): marked first, a crash in between would make the redelivery
 * look like a duplicate and the message would be lost. Two processes handling one event at the
 * same moment are kept apart by the job id's own dedupe in the queue. A failure in `work`
 * leaves the id unmarked and is thrown on, so the platform's retry is handled.
 */
export async function handleOnce(store: DedupeStore, id: string, work: () => Promise<void>): Promise<'handled' | 'duplicate'> {
  if (await store.has(id)) return 'duplicate';
  await work();
  await store.markIfNew(id);
  return 'handled';
}
