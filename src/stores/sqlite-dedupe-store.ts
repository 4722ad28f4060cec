import type { DedupeStore } from '../jobs/in-memory-job-queue.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * The persisted dedupe window: an id inserted within the window is a redelivery. INSERT OR IGNORE
 * makes "check and mark" one atomic statement, so two deliveries racing each other still count once.
 */
export class SqliteDedupeStore implements DedupeStore {
  private readonly insert;
  private readonly prune;
  private marks = 0;

  constructor(
    db: SqliteDatabase,
    /** How long an id is remembered. Defaults to 48 hours (Telegram keeps updates for 24 h). */
    private readonly windowMs = 48 * 3600_000,
  ) {
    db.exec('CREATE TABLE IF NOT EXISTS dedupe (id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)');
    this.insert = db.prepare('INSERT OR IGNORE INTO dedupe (id, seen_at) VALUES (?, ?)');
    this.prune = db.prepare('DELETE FROM dedupe WHERE seen_at <= ?');
  }

  async markIfNew(id: string): Promise<boolean> {
    const now = Date.now();
    // Prune now and then, not on every call: the window only needs to stay bounded.
    if (++this.marks % 500 === 1) this.prune.run(now - this.windowMs);
    return this.insert.run(id, now).changes === 1;
  }
}
