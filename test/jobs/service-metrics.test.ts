import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../adapters/web/http-server.js';
import type { Services } from '../../src/app/compose.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { createServiceRuntime, type ServiceRuntime } from '../../src/app/service-runtime.js';
import { metricValue } from '../durability/helpers/service-process.js';
import { createTestPipeline, testLimits, type TestPipeline } from '../telegram/test-pipeline.js';
import { job, until } from './helpers/recording-handler.js';

let dataDir: string;
let test: TestPipeline;
let runtime: ServiceRuntime;
let http: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-metrics-'));
  test = createTestPipeline();
  const services: Services = {
    pipeline: test.pipeline,
    simplifier: { simplify: () => Promise.reject(new Error('not used here')) },
    limits: testLimits(),
    // What composeServices' health reports: the breakers and the model pool.
    health: () => ({
      backends: { 'remote-api chat': { name: 'remote-api chat', state: 'open', consecutiveFailures: 3, failureThreshold: 3, timeoutMs: 1000 } },
      models: { installedModels: [], runtimeStarted: false, pool: { budgetBytes: 8_000_000_000, usedBytes: 1_500_000, peakBytes: 2_000_000, loads: 1, evictions: 0, loaded: [], loading: [] } },
    }),
    close: async () => undefined,
  };
  const config = loadConfig({ DATA_DIR: dataDir, MODELS_DIR: path.join(dataDir, 'models') });
  runtime = await createServiceRuntime(config, createLogger('silent'), services);
  http = await startHttpServer({ port: 0, host: '127.0.0.1', health: { health: () => ({}) }, metrics: runtime.metrics });
});

afterAll(async () => {
  await http?.close();
  await runtime?.queue.stop(1000);
  await runtime?.close();
  await test?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('/metrics', () => {
  it('serves jobs by platform and state, stage durations, paths, cache lookups, breakers and pool bytes in Prometheus text', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    runtime.queue.register('test', { run: () => gate, failed: async () => undefined });
    await runtime.queue.start();
    await runtime.queue.enqueue(job('m1', 'a'));
    await runtime.queue.enqueue(job('m2', 'a'));
    await runtime.queue.enqueue(job('m2', 'a'));
    await until(() => runtime.queue.stats().running === 1);

    const pipeline = runtime.pipeline!;
    const request = { bytes: Buffer.from('The water cycle moves water around the Earth.'), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: true };
    await pipeline.run(request);
    await pipeline.run(request);

    const response = await fetch(`http://127.0.0.1:${http.port}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/u);
    const text = await response.text();
    expect(metricValue(text, 'shikshasetu_jobs', { platform: 'test', state: 'running' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_jobs', { platform: 'test', state: 'queued' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_jobs_enqueued_total', { platform: 'test', outcome: 'accepted' })).toBe(2);
    expect(metricValue(text, 'shikshasetu_jobs_enqueued_total', { platform: 'test', outcome: 'duplicate' })).toBe(1);
    // The second run came from the cache: one pipeline run, one of each stage.
    expect(metricValue(text, 'shikshasetu_pipeline_runs_total', { outcome: 'answered' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_stage_seconds_count', { stage: 'simplify' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_stage_seconds_count', { stage: 'speak' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_stage_seconds_count', { stage: 'translate' })).toBe(0);
    expect(metricValue(text, 'shikshasetu_serving_path_attempts_total', { task: 'simplify', path: 'rule-based', outcome: 'served' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_result_cache_lookups_total', { outcome: 'hit' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_result_cache_lookups_total', { outcome: 'miss' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_result_cache_bytes')).toBeGreaterThan(1000);
    expect(metricValue(text, 'shikshasetu_breaker_state', { backend: 'remote-api chat', state: 'open' })).toBe(1);
    expect(metricValue(text, 'shikshasetu_breaker_state', { backend: 'remote-api chat', state: 'closed' })).toBe(0);
    expect(metricValue(text, 'shikshasetu_model_pool_bytes', { kind: 'used' })).toBe(1_500_000);
    expect(metricValue(text, 'shikshasetu_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(test.simplified).toHaveLength(1);

    release();
    await until(() => runtime.queue.stats().done === 2);
    const after = await (await fetch(`http://127.0.0.1:${http.port}/metrics`)).text();
    expect(metricValue(after, 'shikshasetu_job_runs_total', { platform: 'test', outcome: 'done' })).toBe(2);
    expect(metricValue(after, 'shikshasetu_job_run_seconds_count', { platform: 'test', outcome: 'done' })).toBe(2);
    expect(metricValue(after, 'shikshasetu_jobs', { platform: 'test', state: 'queued' })).toBe(0);
  });

});
