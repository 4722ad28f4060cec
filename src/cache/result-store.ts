/**
 * Where cached results live: a SQLite file for one process, Redis (through keyv) for many. Values
 * are opaque bytes (see result-codec.ts); the store enforces the TTL and its own size bound.
 */
export interface ResultStore {
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, value: Buffer, ttlMs: number): Promise<void>;
  /** Entries and bytes held now, for the metrics. */
  size(): Promise<{ entries: number; bytes: number }>;
  close?(): Promise<void>;
}
