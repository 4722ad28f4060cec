import type { ResultStore } from '../cache/result-store.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';

export interface SqliteResultStoreOptions {
  /** The cache's own SQLite file (it is disposable: deleting it only empties the cache). */
  file: string;
  /** Most bytes kept; the least recently used entries go first. */
  maxBytes: number;
  /** Clock, in ms. Defaults to Date.now. */
  now?: () => number;
}

/**
 * The result cache in its own SQLite file: one row per result, with its size, expiry and last
 * use. After each write, expired rows go, then the least recently used until the total fits
 * maxBytes; incremental vacuum gives the freed pages back to the disk.
 */
export class SqliteResultStore implements ResultStore {
  private readonly db: SqliteDatabase;
  private readonly s;
  private readonly now: () => number;
  private writes = 0;

  constructor(private readonly options: SqliteResultStoreOptions) {
    this.db = openSqliteDatabase(options.file);
    // Only takes effect on a new file, before the first table: the cache's file shrinks as it evicts.
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS results (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL,
        bytes INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS results_by_use ON results (used_at);
    `);
    this.now = options.now ?? Date.now;
    this.s = {
      get: this.db.prepare<[string], { value: Buffer; expires_at: number }>('SELECT value, expires_at FROM results WHERE key = ?'),
      touch: this.db.prepare('UPDATE results SET used_at = ? WHERE key = ?'),
      remove: this.db.prepare('DELETE FROM results WHERE key = ?'),
      set: this.db.prepare('INSERT INTO results (key, value, bytes, expires_at, used_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, bytes = excluded.bytes, expires_at = excluded.expires_at, used_at = excluded.used_at'),
      expire: this.db.prepare('DELETE FROM results WHERE expires_at <= ?'),
      total: this.db.prepare<[], { entries: number; bytes: number | null }>('SELECT COUNT(*) AS entries, SUM(bytes) AS bytes FROM results'),
      oldest: this.db.prepare<[], { key: string; bytes: number }>('SELECT key, bytes FROM results ORDER BY used_at LIMIT 32'),
    };
  }

  async get(key: string): Promise<Buffer | undefined> {
    const row = this.s.get.get(key);
    if (!row) return undefined;
    const now = this.now();
    if (row.expires_at <= now) {
      this.s.remove.run(key);
      return undefined;
    }
    this.s.touch.run(now, key);
    return row.value;
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    if (value.length > this.options.maxBytes) return;
    const now = this.now();
    this.db.transaction(() => {
      this.s.set.run(key, value, value.length, now + ttlMs, now);
      this.evict(now, key);
    })();
    // Freed pages go back to the file system now and then, not after every write.
    if (++this.writes % 20 === 0) this.db.pragma('incremental_vacuum');
  }

  async size(): Promise<{ entries: number; bytes: number }> {
    const row = this.s.total.get()!;
    return { entries: row.entries, bytes: row.bytes ?? 0 };
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private evict(now: number, keep: string): void {
    this.s.expire.run(now);
    let total = this.s.total.get()!.bytes ?? 0;
    while (total > this.options.maxBytes) {
      const victims = this.s.oldest.all().filter((v) => v.key !== keep);
      if (victims.length === 0) break;
      for (const victim of victims) {
        if (total <= this.options.maxBytes) break;
        this.s.remove.run(victim.key);
        total -= victim.bytes;
      }
    }
  }
}
