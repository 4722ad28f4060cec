import type { DedupeStore } from '../../src/jobs/in-memory-job-queue.js';

/**
 * A dedupe window kept in memory, for a runtime without a persisted store (tests of other
 * parts, a one-off run). It forgets on restart, and forgets everything once it holds maxIds
 * rather than growing without bound.
 */
export class MemoryDedupeStore implements DedupeStore {
  private readonly seen = new Set<string>();

  /** @param maxIds Ids remembered before the window starts over. Defaults to 100000. */
  constructor(private readonly maxIds = 100_000) {}

  async has(id: string): Promise<boolean> {
    return this.seen.has(id);
  }

  async markIfNew(id: string): Promise<boolean> {
    if (this.seen.has(id)) return false;
    if (this.seen.size >= this.maxIds) this.seen.clear();
    this.seen.add(id);
    return true;
  }
}
