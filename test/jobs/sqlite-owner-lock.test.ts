import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/stores/sqlite-database.js';
import { SqliteOwnerLock } from '../../src/stores/sqlite-owner-lock.js';

/** The row another process would have written, with the heartbeat `age` ms old. */
function ownerRow(db: ReturnType<typeof openSqliteDatabase>, pid: number, age: number, host = os.hostname()): void {
  new SqliteOwnerLock(db);
  db.prepare('INSERT OR REPLACE INTO owner (id, token, pid, host, heartbeat) VALUES (1, ?, ?, ?, ?)').run('other', pid, host, Date.now() - age);
}

describe('SqliteOwnerLock: one serve per DATA_DIR', () => {
  it('refuses while another live process on this host holds it, naming it', () => {
    const db = openSqliteDatabase(':memory:');
    // The test runner's parent is alive and is not this process.
    ownerRow(db, process.ppid, 1000);
    expect(() => new SqliteOwnerLock(db).acquire()).toThrow(new RegExp(`another shikshasetu serve \\(pid ${process.ppid} on .+\\) is using this DATA_DIR; .*REDIS_URL`, 'u'));
  });

  it('refuses while a process on another host keeps its heartbeat fresh', () => {
    const db = openSqliteDatabase(':memory:');
    ownerRow(db, 1, 1000, 'some-other-host');
    expect(() => new SqliteOwnerLock(db).acquire()).toThrow(/pid 1 on some-other-host/u);
  });

  it('takes over from a dead process at once, and from a silent one after the stale time', () => {
    const db = openSqliteDatabase(':memory:');
    ownerRow(db, 2 ** 22 + 12345, 1000);
    const lock = new SqliteOwnerLock(db);
    lock.acquire();
    lock.release();
    ownerRow(db, 1, 31_000, 'some-other-host');
    const again = new SqliteOwnerLock(db);
    again.acquire();
    expect(db.prepare('SELECT pid FROM owner').get()).toEqual({ pid: process.pid });
    again.release();
    expect(db.prepare('SELECT COUNT(*) AS n FROM owner').get()).toEqual({ n: 0 });
  });

  it('announces its draining to a successor, and a new owner starts without that mark', () => {
    const db = openSqliteDatabase(':memory:');
    const lock = new SqliteOwnerLock(db, { now: () => 1_000_000 });
    lock.acquire();
    expect(lock.inspect()).toEqual({ pid: process.pid, host: os.hostname(), alive: false, drainUntil: null });
    lock.markDraining(30_000);
    expect(lock.inspect()?.drainUntil).toBe(1_030_000);
    lock.release();
    expect(lock.inspect()).toBeNull();
    ownerRow(db, process.ppid, 1000);
    db.prepare('UPDATE owner SET drain_until = ?').run(Date.now() + 5000);
    expect(new SqliteOwnerLock(db).inspect()).toMatchObject({ pid: process.ppid, alive: true, drainUntil: expect.any(Number) });
  });
});

