import { existsSync } from 'node:fs';
import type { Logger } from '../log/logger.js';
import { openSqliteDatabase } from './sqlite-database.js';
import { SqliteOwnerLock } from './sqlite-owner-lock.js';

export interface WaitForDrainingOwnerOptions {
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Waited beyond the owner's announced end of draining. Defaults to 15000 ms. */
  marginMs?: number;
  /** Defaults to 250 ms. */
  pollMs?: number;
}

/**
 * Before a new `serve` takes DATA_DIR: when the process holding it is draining after a stop signal
 * (a supervisor restarting the service, or `npm start` that exited before its child), waits for it
 * to let go, up to the end of its grace period plus a margin, saying so in the log, instead of
 * exiting at once with "another shikshasetu serve ... is using this DATA_DIR". An owner that is not
 * draining is left to the lock's own refusal; one gone or dead is taken over as before.
 */
export async function waitForDrainingOwner(jobsFile: string, options: WaitForDrainingOwnerOptions): Promise<void> {
  if (!existsSync(jobsFile)) return;
  const marginMs = options.marginMs ?? 15_000;
  const db = openSqliteDatabase(jobsFile);
  try {
    const lock = new SqliteOwnerLock(db);
    let logged = false;
    for (;;) {
      const owner = lock.inspect();
      if (!owner || !owner.alive || owner.drainUntil === null || owner.pid === process.pid) return;
      const deadline = owner.drainUntil + marginMs;
      if (Date.now() >= deadline) return;
      if (!logged) {
        logged = true;
        options.logger.warn({ pid: owner.pid, host: owner.host, waitUpToSec: Math.ceil((deadline - Date.now()) / 1000) }, 'the previous serve is still draining this DATA_DIR; waiting for it to finish');
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  } finally {
    db.close();
  }
}
