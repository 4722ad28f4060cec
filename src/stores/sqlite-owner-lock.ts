import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { SqliteDatabase } from './sqlite-database.js';

/** Who holds the DATA_DIR now, as a process that wants it sees it. */
export interface DataDirOwner {
  pid: number;
  host: string;
  /** False when its heartbeat is stale or its pid is gone on this host: it may be taken over. */
  alive: boolean;
  /** Set when it got a stop signal and finishes its running jobs: it will let go by drainUntil. */
  drainUntil: number | null;
}

export interface SqliteOwnerLockOptions {
  /** A heartbeat older than this means the owner is gone. Defaults to 30000 ms. */
  staleMs?: number;
  /** Clock, in ms. Defaults to Date.now. */
  now?: () => number;
}

/**
 * Makes sure one `serve` process at a time runs the embedded job store: two would both resume the
 * same interrupted jobs and answer twice. The owner writes a heartbeat; a new process takes over
 * when the owner's heartbeat is old, or its pid is gone on this host (a restart right after a
 * crash need not wait). Several processes share work through REDIS_URL instead.
 */
export class SqliteOwnerLock {
  private readonly token = randomUUID();
  private readonly staleMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteOwnerLockOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 30_000;
    this.now = options.now ?? Date.now;
    db.exec('CREATE TABLE IF NOT EXISTS owner (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, heartbeat INTEGER NOT NULL)');
    // Added later: stores written before it get the column on their next open.
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(owner)').all();
    if (!columns.some((c) => c.name === 'drain_until')) db.exec('ALTER TABLE owner ADD COLUMN drain_until INTEGER');
  }

  /** The current owner, if any (this process included), without taking anything. */
  inspect(): DataDirOwner | null {
    const row = this.db.prepare<[], { pid: number; host: string; heartbeat: number; drain_until: number | null }>('SELECT pid, host, heartbeat, drain_until FROM owner WHERE id = 1').get();
    return row ? { pid: row.pid, host: row.host, alive: this.isAlive(row), drainUntil: row.drain_until } : null;
  }

  /**
   * Tells a successor that this owner is draining and lets go within graceMs, so a supervisor's
   * next `serve` waits for it instead of giving up (see waitForDrainingOwner).
   */
  markDraining(graceMs: number): void {
    this.db.prepare('UPDATE owner SET drain_until = ? WHERE id = 1 AND token = ?').run(this.now() + graceMs, this.token);
  }

  /** Takes ownership or throws, naming the process that holds it. Keeps a heartbeat until release(). */
  acquire(): void {
    const take = this.db.transaction(() => {
      const row = this.db.prepare<[], { token: string; pid: number; host: string; heartbeat: number }>('SELECT token, pid, host, heartbeat FROM owner WHERE id = 1').get();
      if (row && row.token !== this.token && this.isAlive(row)) {
        throw new Error(`another shikshasetu serve (pid ${row.pid} on ${row.host}) is using this DATA_DIR; stop it first, or set REDIS_URL to run several processes`);
      }
      this.db.prepare('INSERT INTO owner (id, token, pid, host, heartbeat, drain_until) VALUES (1, ?, ?, ?, ?, NULL) ON CONFLICT (id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host, heartbeat = excluded.heartbeat, drain_until = NULL').run(this.token, process.pid, os.hostname(), this.now());
    });
    take.immediate();
    this.timer = setInterval(() => {
      try {
        this.db.prepare('UPDATE owner SET heartbeat = ? WHERE id = 1 AND token = ?').run(this.now(), this.token);
      } catch {
        // A busy or closing database skips one beat; the next one comes well inside staleMs.
      }
    }, Math.max(1000, Math.floor(this.staleMs / 3)));
    this.timer.unref();
  }

  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.db.prepare('DELETE FROM owner WHERE id = 1 AND token = ?').run(this.token);
  }

  private isAlive(row: { pid: number; host: string; heartbeat: number }): boolean {
    if (this.now() - row.heartbeat >= this.staleMs) return false;
    if (row.host !== os.hostname()) return true;
    // Our own pid on our own host is a previous life of this container, not a live process.
    if (row.pid === process.pid) return false;
    try {
      process.kill(row.pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}
