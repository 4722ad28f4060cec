import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Keyv from 'keyv';
import type { Config } from '../../config/settings.js';
import { CachedPipeline } from '../cache/cached-pipeline.js';
import type { ResultStore } from '../cache/result-store.js';
import { servingFingerprint } from '../cache/serving-fingerprint.js';
import type { JobQueue } from '../core/job.js';
import type { PipelineRunner } from '../core/pipeline.js';
import type { DedupeStore } from '../jobs/in-memory-job-queue.js';
import { UserRateLimiter } from '../jobs/user-rate-limiter.js';
import { MeteredPipeline } from '../metrics/metered-pipeline.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import type { Lease } from '../stores/redis-lease.js';
import { SqliteResultStore } from '../stores/sqlite-result-store.js';
import { composeServices, type Services } from './compose.js';
import { openEmbeddedJobQueue, type EmbeddedJobQueue } from './embedded-job-queue.js';
import { openEmbeddedState } from './embedded-state.js';
import { jobRunOptionsFromConfig } from './job-run-options-from-config.js';
import type { Logger } from '../log/logger.js';
import { HintRecordingPipeline, OperatorHintLog } from './operator-hint-log.js';

import type { ServiceRole, UserPreferences } from './service-role.js';

// Their own module so the stores (redis-state.ts) need not import this one back.
export type { ServiceRole, UserPreferences };

/** Everything a chat adapter needs from the service, built once by `serve`. */
export interface ServiceRuntime {
  config: Config;
  logger: Logger;
  services: Services;
  queue: JobQueue;
  limiter: UserRateLimiter;
  /** Preferences keyed by "<platform>:<chat or user id>"; survive restarts. */
  preferences: Keyv<UserPreferences>;
  /** A private folder for temporary downloads; files in it get random names. */
  tempDir: string;
  /**
   * The persisted dedupe window the queue uses, for adapters that answer some updates without a
   * job (settings commands): they mark their own keys in it, e.g. "telegram:seen:<update_id>".
   */
  dedupe?: DedupeStore;
  /** The pipeline jobs run: services.pipeline behind the result cache and the metrics. Defaults to services.pipeline. */
  pipeline?: PipelineRunner;
  /** What replies lately needed from the operator (see OperatorHintLog), for /healthz. Defaults to none. */
  operatorHints?: OperatorHintLog;
  /** Defaults to 'all'. */
  role?: ServiceRole;
  /** Served at /metrics. */
  metrics?: ServiceMetrics;
  /**
   * With shared state only: a lease for work one process at a time may do among all that share
   * it (Telegram long polling). Undefined: this process is the only one.
   */
  lease?(name: string): Lease;
  /** Resolves once the stores are reachable (Redis connected); rejects with the reason otherwise. */
  ready?(): Promise<void>;
  /** For /healthz: rejects with the reason when the job store cannot be reached now. */
  checkStore?(): Promise<void>;
  /** On a stop signal, before draining: tells a successor waiting for DATA_DIR how long this takes. */
  markDraining?(graceMs: number): void;
  close(): Promise<void>;
}

export interface ServiceRuntimeOptions {
  /** Defaults to 'all'. */
  role?: ServiceRole;
}

/**
 * Builds the runtime from the configuration. Without REDIS_URL everything lives in DATA_DIR:
 * preferences and dedupe in state.sqlite, the durable job queue in jobs.sqlite (fsync on every
 * commit, one owning process), the result cache in cache.sqlite. With REDIS_URL, jobs go
 * through BullMQ and preferences, dedupe and the cache are shared through keyv's Redis store, so
 * any number of ingress and worker processes can run against one Redis (see openRedisState).
 * `services` defaults to composeServices(config, logger).
 */
export async function createServiceRuntime(config: Config, logger: Logger, services?: Services, options: ServiceRuntimeOptions = {}): Promise<ServiceRuntime> {
  const role = options.role ?? 'all';
  if (role !== 'all' && !config.redisUrl) throw new Error(`serve --role ${role} needs REDIS_URL: the embedded job store (in DATA_DIR) serves one process; use --role all, or set REDIS_URL`);
  const composed = services ?? (await composeServices(config, logger));
  const closers: Array<() => Promise<void> | void> = [];
  let jobSource: () => Promise<Array<{ platform: string; state: string; count: number }>> | Array<{ platform: string; state: string; count: number }> = () => [];
  let cacheStore: ResultStore | null = null;
  const metrics = new ServiceMetrics({ jobs: () => jobSource(), health: () => composed.health(), cache: async () => (cacheStore ? cacheStore.size() : { entries: 0, bytes: 0 }) }, { role });
  const common = jobRunOptionsFromConfig(config, logger, metrics.jobEvents());

  let queue: JobQueue;
  let preferences: Keyv<UserPreferences>;
  let dedupe: DedupeStore;
  let ready: () => Promise<void> = async () => undefined;
  let checkStore: () => Promise<void> = async () => undefined;
  let markDraining: ((graceMs: number) => void) | undefined;
  let lease: ((name: string) => Lease) | undefined;
  if (config.redisUrl) {
    // Imported only here: the Redis stack's modules are big, and the embedded store needs none of them.
    const { openRedisState } = await import('./redis-state.js');
    const redis = openRedisState(config, logger, common, role);
    closers.push(() => redis.close());
    const bull = redis.queue;
    jobSource = () => bull.countsByPlatform();
    queue = bull;
    preferences = redis.preferences;
    dedupe = redis.dedupe;
    cacheStore = redis.cacheStore;
    ready = () => redis.ready();
    checkStore = () => redis.check();
    lease = (name) => redis.lease(name);
  } else {
    const state = openEmbeddedState(config.dataDir);
    closers.push(() => state.close());
    preferences = new Keyv<UserPreferences>({ store: state.keyvStore, namespace: 'preferences' });
    dedupe = state.dedupe;
    let embedded: EmbeddedJobQueue;
    try {
      embedded = openEmbeddedJobQueue(config.dataDir, common);
    } catch (err) {
      state.close();
      throw err;
    }
    closers.push(() => embedded.close());
    checkStore = async () => embedded.check();
    markDraining = (graceMs) => embedded.markDraining(graceMs);
    const durable = embedded.queue;
    jobSource = () => durable.countsByPlatform();
    queue = durable;
    if (config.resultCacheMaxBytes > 0) cacheStore = new SqliteResultStore({ file: path.join(config.dataDir, 'cache.sqlite'), maxBytes: config.resultCacheMaxBytes });
  }
  const store = cacheStore;
  if (store) closers.push(() => store.close?.());

  const metered = new MeteredPipeline(composed.pipeline, metrics);
  const cachedOrMetered = store
    ? new CachedPipeline({
        inner: metered,
        store,
        ttlMs: config.resultCacheTtlSeconds * 1000,
        servingFingerprint: servingFingerprint({ modelsDir: config.modelsDir, settings: outputSettings(config) }),
        logger,
        onLookup: (outcome) => metrics.cacheLookup(outcome),
        onStore: (bytes) => metrics.cacheStoredBytes.inc(bytes),
      })
    : metered;
  const operatorHints = new OperatorHintLog();
  const pipeline = new HintRecordingPipeline(cachedOrMetered, operatorHints);

  return {
    config,
    logger,
    services: composed,
    queue,
    limiter: new UserRateLimiter({ maxInFlight: config.userMaxInFlight, maxPerMinute: config.userMaxPerMinute }),
    preferences,
    tempDir: path.join(config.dataDir, 'tmp'),
    dedupe,
    pipeline,
    operatorHints,
    role,
    metrics,
    ready,
    checkStore,
    markDraining,
    ...(lease ? { lease } : {}),
    close: async () => {
      await composed.close();
      // Last opened, first closed: the job store's owner row goes before its file closes.
      for (const close of closers.reverse()) await close();
    },
  };
}

/** Settings that change what an answer looks or sounds like, for the result cache's key (never a secret). */
function outputSettings(config: Config): Record<string, unknown> {
  return {
    version: packageVersion(),
    remote: config.remoteApiBaseUrl ? { host: safeHost(config.remoteApiBaseUrl), chat: config.remoteApiChatModel, transcribe: config.remoteApiTranscribeModel, speech: config.remoteApiSpeechModel, voice: config.remoteApiSpeechVoice } : null,
    voice: { speed: config.ttsSpeed, bitrate: config.voiceBitrate, maxChars: config.maxSpeechChars },
    llm: { maxTokens: config.llmMaxTokens, context: config.llmContextSize },
    router: [config.routerThresholds, config.routerTokenWeights, config.routerGradeWeights, config.routerSubjectWeights, config.routerTranslateWeight, config.routerTechnicalSubjects],
    ocrMaxSide: config.ocrMaxSide,
  };
}

function safeHost(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return '';
  }
}

let version: string | null = null;

/** The package's version: a new release may answer differently, so its cached answers are not reused. */
function packageVersion(): string {
  if (version !== null) return version;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'shikshasetu') return (version = pkg.version ?? '0');
    } catch {
      // not here; look one folder up (src/app in the source tree, dist/src/app in the build)
    }
    dir = path.dirname(dir);
  }
  return (version = '0');
}
