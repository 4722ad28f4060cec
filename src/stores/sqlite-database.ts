import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface SqliteDatabaseOptions {
  /**
   * FULL also survives a power cut or an OS crash (an fsync per commit); NORMAL survives a killed
   * process, and an OS crash may lose the last commits. Defaults to NORMAL.
   */
  synchronous?: 'NORMAL' | 'FULL';
}

/**
 * Opens (creating if needed) the service's SQLite file. WAL mode keeps every write crash-safe:
 * a killed process never leaves a half-written store behind.
 */
export function openSqliteDatabase(file: string, options: SqliteDatabaseOptions = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  return db;
}
