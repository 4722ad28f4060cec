import type { EnqueueOutcome, JobRecord } from '../core/job.js';
import type { JobStore, StoredJob, StoredJobState } from '../jobs/job-store.js';
import type { SqliteDatabase } from './sqlite-database.js';

interface JobRow {
  record: string;
  state: StoredJobState;
  runs: number;
  not_before: number;
  reason: string | null;
}

const UNFINISHED = "('queued', 'running', 'failing')";

/**
 * The embedded job store: a jobs table (the id is unique, so it is also the dedupe window for
 * job ids, as long as finished rows are kept) and a steps table. Every change is one
 * transaction; open the file with synchronous=FULL so an accepted job also survives a power cut.
 */
export class SqliteJobStore implements JobStore {
  private readonly s;
  private readonly insertTx;

  constructor(private readonly db: SqliteDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        platform TEXT NOT NULL,
        user_key TEXT NOT NULL,
        record TEXT NOT NULL,
        state TEXT NOT NULL,
        runs INTEGER NOT NULL DEFAULT 0,
        not_before INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, seq);
      CREATE INDEX IF NOT EXISTS jobs_by_user ON jobs (user_key, state);
      CREATE TABLE IF NOT EXISTS job_steps (
        job_id TEXT NOT NULL,
        name TEXT NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (job_id, name)
      ) WITHOUT ROWID;
    `);
    this.s = {
      exists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM jobs WHERE id = ?'),
      queuedCount: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE state = 'queued'"),
      insert: db.prepare("INSERT INTO jobs (id, platform, user_key, record, state, updated_at) VALUES (?, ?, ?, ?, 'queued', ?)"),
      byState: db.prepare<[string], JobRow>('SELECT record, state, runs, not_before, reason FROM jobs WHERE state = ? ORDER BY seq'),
      startRun: db.prepare<[number, string], { runs: number }>("UPDATE jobs SET state = 'running', runs = runs + 1, updated_at = ? WHERE id = ? RETURNING runs"),
      retryLater: db.prepare("UPDATE jobs SET state = 'queued', reason = ?, not_before = ?, updated_at = ? WHERE id = ?"),
      requeue: db.prepare("UPDATE jobs SET state = 'queued', runs = MAX(runs - 1, 0), updated_at = ? WHERE id = ?"),
      setState: db.prepare('UPDATE jobs SET state = ?, reason = COALESCE(?, reason), updated_at = ? WHERE id = ?'),
      recover: db.prepare("UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'"),
      unfinished: db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE user_key = ? AND state IN ${UNFINISHED}`),
      counts: db.prepare<[], { state: StoredJobState; n: number }>('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state'),
      byPlatform: db.prepare<[], { platform: string; state: StoredJobState; n: number }>('SELECT platform, state, COUNT(*) AS n FROM jobs GROUP BY platform, state'),
      pruneSteps: db.prepare("DELETE FROM job_steps WHERE job_id IN (SELECT id FROM jobs WHERE (state = 'done' AND updated_at <= ?) OR (state = 'parked' AND updated_at <= ?))"),
      pruneJobs: db.prepare("DELETE FROM jobs WHERE (state = 'done' AND updated_at <= ?) OR (state = 'parked' AND updated_at <= ?)"),
      loadSteps: db.prepare<[string], { name: string; result: string }>('SELECT name, result FROM job_steps WHERE job_id = ?'),
      recordStep: db.prepare('INSERT INTO job_steps (job_id, name, result) VALUES (?, ?, ?) ON CONFLICT (job_id, name) DO UPDATE SET result = excluded.result'),
    };
    this.insertTx = db.transaction((jobs: readonly JobRecord[], maxQueued: number): EnqueueOutcome[] => {
      let queued = this.s.queuedCount.get()!.n;
      const now = Date.now();
      return jobs.map((job) => {
        if (this.s.exists.get(job.id)) return 'duplicate';
        if (queued >= maxQueued) return 'busy';
        this.s.insert.run(job.id, job.platform, job.userKey, JSON.stringify(job), now);
        queued += 1;
        return 'accepted';
      });
    });
  }

  insert(job: JobRecord, maxQueued: number): EnqueueOutcome {
    return this.insertMany([job], maxQueued)[0]!;
  }

  insertMany(jobs: readonly JobRecord[], maxQueued: number): EnqueueOutcome[] {
    // IMMEDIATE: the checks and the inserts hold the write lock together.
    return this.insertTx.immediate(jobs, maxQueued);
  }

  queued(): StoredJob[] {
    return this.s.byState.all('queued').map(toStored);
  }

  failing(): StoredJob[] {
    return this.s.byState.all('failing').map(toStored);
  }

  startRun(id: string): number {
    const row = this.s.startRun.get(Date.now(), id);
    if (!row) throw new Error(`job ${id} is not in the store`);
    return row.runs;
  }

  retryLater(id: string, reason: string, notBefore: number): void {
    this.s.retryLater.run(reason, notBefore, Date.now(), id);
  }

  requeue(id: string): void {
    this.s.requeue.run(Date.now(), id);
  }

  markFailing(id: string, reason: string): void {
    this.s.setState.run('failing', reason, Date.now(), id);
  }

  finish(id: string, state: 'done' | 'parked', reason?: string): void {
    this.s.setState.run(state, reason ?? null, Date.now(), id);
  }

  recoverInterrupted(): number {
    return this.s.recover.run(Date.now()).changes;
  }

  countUnfinished(userKey: string): number {
    return this.s.unfinished.get(userKey)!.n;
  }

  counts(): Record<StoredJobState, number> {
    const counts: Record<StoredJobState, number> = { queued: 0, running: 0, failing: 0, done: 0, parked: 0 };
    for (const row of this.s.counts.all()) counts[row.state] = row.n;
    return counts;
  }

  countsByPlatform(): Array<{ platform: string; state: StoredJobState; count: number }> {
    return this.s.byPlatform.all().map((r) => ({ platform: r.platform, state: r.state, count: r.n }));
  }

  prune(now: number, keepDoneMs: number, keepParkedMs: number): number {
    return this.db.transaction(() => {
      this.s.pruneSteps.run(now - keepDoneMs, now - keepParkedMs);
      return this.s.pruneJobs.run(now - keepDoneMs, now - keepParkedMs).changes;
    })();
  }

  load(jobId: string): Map<string, unknown> {
    return new Map(this.s.loadSteps.all(jobId).map((r) => [r.name, JSON.parse(r.result) as unknown]));
  }

  record(jobId: string, name: string, result: unknown): void {
    this.s.recordStep.run(jobId, name, JSON.stringify(result ?? null));
  }
}

function toStored(row: JobRow): StoredJob {
  return { record: JSON.parse(row.record) as JobRecord, state: row.state, runs: row.runs, notBefore: row.not_before, reason: row.reason };
}
