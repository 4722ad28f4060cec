import path from 'node:path';
import Keyv from 'keyv';
import type { DedupeStore } from '../jobs/in-memory-job-queue.js';
import { openSqliteDatabase } from '../stores/sqlite-database.js';
import { SqliteDedupeStore } from '../stores/sqlite-dedupe-store.js';
import { SqliteKeyvStore } from '../stores/sqlite-keyv-store.js';
import type { UserPreferences } from './service-runtime.js';

export interface EmbeddedState {
  preferences: Keyv<UserPreferences>;
  dedupe: DedupeStore;
  close(): void;
}

/** What `serve` keeps without REDIS_URL besides jobs: each chat's choices and the ids seen, in DATA_DIR/state.sqlite. */
export function openEmbeddedState(dataDir: string): EmbeddedState {
  const db = openSqliteDatabase(path.join(dataDir, 'state.sqlite'));
  return {
    preferences: new Keyv<UserPreferences>({ store: new SqliteKeyvStore(db), namespace: 'preferences' }),
    dedupe: new SqliteDedupeStore(db),
    close: () => db.close(),
  };
}
