import path from 'node:path';
import type { DedupeStore } from '../jobs/in-memory-job-queue.js';
import { openSqliteDatabase } from '../stores/sqlite-database.js';
import { SqliteDedupeStore } from '../stores/sqlite-dedupe-store.js';
import { SqliteKeyvStore } from '../stores/sqlite-keyv-store.js';

export interface EmbeddedState {
  /** Key-value storage for each chat's choices: the caller names the namespace and value type, as with Redis's keyvStore. */
  keyvStore: SqliteKeyvStore;
  dedupe: DedupeStore;
  close(): void;
}

/** What `serve` keeps without REDIS_URL besides jobs: each chat's choices and the ids seen, in DATA_DIR/state.sqlite. */
export function openEmbeddedState(dataDir: string): EmbeddedState {
  const db = openSqliteDatabase(path.join(dataDir, 'state.sqlite'));
  return {
    keyvStore: new SqliteKeyvStore(db),
    dedupe: new SqliteDedupeStore(db),
    close: () => db.close(),
  };
}
