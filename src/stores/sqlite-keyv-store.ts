import type { SqliteDatabase } from './sqlite-database.js';

/**
 * A Map-like store for keyv on the service's SQLite file. keyv's own SQLite adapter depends on
 * the sqlite3 package, whose install downloads a binary from GitHub and fails offline, so this
 * small adapter over better-sqlite3 stands in. keyv serialises values and checks expiry itself;
 * the expires column only lets prune() drop old rows.
 */
export class SqliteKeyvStore {
  readonly opts = { dialect: 'sqlite' };
  private readonly statements;

  constructor(private readonly db: SqliteDatabase, table = 'keyv') {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`invalid table name ${table}`);
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER)`);
    this.statements = {
      get: db.prepare<[string], { value: string }>(`SELECT value FROM ${table} WHERE key = ?`),
      set: db.prepare(`INSERT INTO ${table} (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires`),
      delete: db.prepare(`DELETE FROM ${table} WHERE key = ?`),
      clear: db.prepare(`DELETE FROM ${table} WHERE key LIKE ? ESCAPE '\\'`),
      prune: db.prepare(`DELETE FROM ${table} WHERE expires IS NOT NULL AND expires <= ?`),
    };
  }

  get(key: string): string | undefined {
    return this.statements.get.get(key)?.value;
  }

  set(key: string, value: unknown, ttl?: number): this {
    const expires = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null;
    this.statements.set.run(key, typeof value === 'string' ? value : JSON.stringify(value), expires);
    return this;
  }

  delete(key: string): boolean {
    return this.statements.delete.run(key).changes > 0;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** keyv calls clear() for its namespace only; without one it empties the table. */
  clear(namespace?: string): void {
    const prefix = namespace ? `${namespace.replace(/[\\%_]/g, (c) => `\\${c}`)}:%` : '%';
    this.statements.clear.run(prefix);
  }

  /** Deletes rows whose TTL has passed; returns how many. */
  prune(now = Date.now()): number {
    return this.statements.prune.run(now).changes;
  }
}
