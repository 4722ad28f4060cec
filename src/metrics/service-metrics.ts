import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheLookup } from '../cache/cached-pipeline.js';
import type { JobEvents } from '../jobs/job-events.js';

/** Where the gauges read their values when Prometheus scrapes; each is optional. */
export interface MetricsSources {
  /** Jobs in the store by platform and state (queued, running, parked...). */
  jobs?: () => Promise<Array<{ platform: string; state: string; count: number }>> | Array<{ platform: string; state: string; count: number }>;
  /** The services' health: `backends` (breaker per backend) and `models.pool` (the model pool's bytes). */
  health?: () => Record<string, unknown>;
  /** The result cache's size. */
  cache?: () => Promise<{ entries: number; bytes: number }>;
}

const BREAKER_STATES = ['closed', 'open', 'half-open', 'isolated'] as const;
const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];

/**
 * The service's Prometheus metrics (prom-client), in a registry of its own: jobs by state and
 * platform, job runs and their durations, pipeline stage durations, the serving paths tried
 * (fallbacks), the result cache, breaker states, model pool bytes, and the process's own
 * figures (memory, event loop lag). Gauges read their sources at scrape time.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly enqueued: Counter<'platform' | 'outcome'>;
  readonly runs: Counter<'platform' | 'outcome'>;
  readonly runSeconds: Histogram<'platform' | 'outcome'>;
  readonly stageSeconds: Histogram<'stage'>;
  readonly pipelineRuns: Counter<'outcome'>;
  readonly paths: Counter<'task' | 'path' | 'outcome'>;
  readonly cacheLookups: Counter<'outcome'>;
  readonly cacheStoredBytes: Counter;

  constructor(sources: MetricsSources = {}, options: { role?: string } = {}) {
    const registers = [this.registry];
    if (options.role) this.registry.setDefaultLabels({ role: options.role });
    collectDefaultMetrics({ register: this.registry, prefix: 'shikshasetu_' });

    new Gauge({
      name: 'shikshasetu_jobs',
      help: 'Jobs in the job store, by platform and state (queued includes jobs backing off after a failure; parked jobs were given up).',
      labelNames: ['platform', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const row of (await sources.jobs?.()) ?? []) this.set({ platform: row.platform, state: row.state }, row.count);
      },
    });
    this.enqueued = new Counter({ name: 'shikshasetu_jobs_enqueued_total', help: 'Messages offered to the job queue by this process, by platform and outcome (accepted, duplicate, busy).', labelNames: ['platform', 'outcome'], registers });
    this.runs = new Counter({ name: 'shikshasetu_job_runs_total', help: 'Job runs finished in this process, by platform and outcome (done, retry, parked, requeued by a shutdown).', labelNames: ['platform', 'outcome'], registers });
    this.runSeconds = new Histogram({ name: 'shikshasetu_job_run_seconds', help: 'Duration of job runs in this process, by platform and outcome.', labelNames: ['platform', 'outcome'], buckets: SECONDS, registers });
    this.stageSeconds = new Histogram({ name: 'shikshasetu_stage_seconds', help: 'Duration of pipeline stages (extract, simplify, translate, validate, speak) and of the whole run (total).', labelNames: ['stage'], buckets: SECONDS, registers });
    this.pipelineRuns = new Counter({ name: 'shikshasetu_pipeline_runs_total', help: 'Pipeline runs, by outcome (answered, refused, busy, error); cache hits are not runs.', labelNames: ['outcome'], registers });
    this.paths = new Counter({ name: 'shikshasetu_serving_path_attempts_total', help: 'Serving paths tried per task (local-model, remote-api, rule-based...), by outcome (served, failed, rejected, skipped): the fallbacks taken.', labelNames: ['task', 'path', 'outcome'], registers });
    this.cacheLookups = new Counter({ name: 'shikshasetu_result_cache_lookups_total', help: 'Result cache lookups, by outcome (hit, miss, error).', labelNames: ['outcome'], registers });
    this.cacheStoredBytes = new Counter({ name: 'shikshasetu_result_cache_stored_bytes_total', help: 'Bytes written to the result cache.', registers });
    new Gauge({
      name: 'shikshasetu_result_cache_bytes',
      help: 'Bytes held by the result cache (all processes, when shared).',
      registers,
      async collect() {
        const size = await sources.cache?.().catch(() => null);
        if (size) this.set(size.bytes);
      },
    });

    const healthNow = () => {
      try {
        return sources.health?.() ?? {};
      } catch {
        return {};
      }
    };
    new Gauge({
      name: 'shikshasetu_breaker_state',
      help: 'Circuit breaker of each backend: 1 for its current state (closed, open, half-open, isolated), 0 for the others.',
      labelNames: ['backend', 'state'],
      registers,
      collect() {
        this.reset();
        const backends = (healthNow().backends ?? {}) as Record<string, { state?: string }>;
        for (const [backend, info] of Object.entries(backends)) {
          for (const state of BREAKER_STATES) this.set({ backend, state }, info.state === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'shikshasetu_model_pool_bytes',
      help: 'Local model pool memory: used (loaded models now), peak, and budget.',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        const pool = ((healthNow().models ?? {}) as { pool?: { usedBytes?: number; peakBytes?: number; budgetBytes?: number } }).pool;
        if (!pool) return;
        if (typeof pool.usedBytes === 'number') this.set({ kind: 'used' }, pool.usedBytes);
        if (typeof pool.peakBytes === 'number') this.set({ kind: 'peak' }, pool.peakBytes);
        if (typeof pool.budgetBytes === 'number') this.set({ kind: 'budget' }, pool.budgetBytes);
      },
    });
  }

  /** The queue's observer: counts what was offered and how runs ended. */
  jobEvents(): JobEvents {
    return {
      enqueued: (job, outcome) => this.enqueued.inc({ platform: job.platform, outcome }),
      finished: (job, outcome, ms) => {
        this.runs.inc({ platform: job.platform, outcome });
        this.runSeconds.observe({ platform: job.platform, outcome }, ms / 1000);
      },
    };
  }

  cacheLookup(outcome: CacheLookup): void {
    this.cacheLookups.inc({ outcome });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
