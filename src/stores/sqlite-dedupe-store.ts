import type { DedupeStore } from '../jobs/in-memory-job-queue.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * The persisted dedupe window: an id inserted within the window is a redelivery. One upsert
 * makes "check and mark" one atomic statement, so two deliveries racing each other still count once.
 */
export class SqliteDedupeStore implements DedupeStore {
  private readonly insert;
  private readonly prune;
  private readonly find;
  private marks = 0;

  constructor(
    db: SqliteDatabase,
    /** How long an id is remembered. Defaults to 48 hours (Telegram keeps updates for 24 h). */
    private readonly windowMs = 48 * 3600_000,
  ) {
    db.exec('CREATE TABLE IF NOT EXISTS dedupe (id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)');
    // An old mark not pruned yet counts as gone: the upsert renews it and reports a change.
    this.insert = db.prepare('INSERT INTO dedupe (id, seen_at) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET seen_at = excluded.seen_at WHERE dedupe.seen_at <= ?');
    this.prune = db.prepare('DELETE FROM dedupe WHERE seen_at <= ?');
    this.find = db.prepare<[string, number], { one: number }>('SELECT 1 AS one FROM dedupe WHERE id = ? AND seen_at > ?');
  }

  async has(id: string): Promise<boolean> {
    return this.find.get(id, Date.now() - this.windowMs) !== undefined;
  }

  async markIfNew(id: string): Promise<boolean> {
    const now = Date.now();
    // Prune now and then, not on every call: the window only needs to stay bounded.
    if (++this.marks % 500 === 1) this.prune.run(now - this.windowMs);
    return this.insert.run(id, now, now - this.windowMs).changes === 1;
  }
}
