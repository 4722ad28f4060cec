import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type RedisClientType } from '@keyv/redis';
import Keyv from 'keyv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CachedPipeline, isCacheable, resultCacheKey } from '../../src/cache/cached-pipeline.js';
import { decodeResult, encodeResult } from '../../src/cache/result-codec.js';
import type { ResultStore } from '../../src/cache/result-store.js';
import { servingFingerprint } from '../../src/cache/serving-fingerprint.js';
import type { PipelineRequest, PipelineRunner } from '../../src/core/pipeline.js';
import type { ProcessResult } from '../../src/core/report.js';
import { ModelStore } from '../../src/models/model-store.js';
import { createRedisKeyvStore } from '../../src/stores/redis-keyv-store.js';
import { RedisResultStore } from '../../src/stores/redis-result-store.js';
import { SqliteResultStore } from '../../src/stores/sqlite-result-store.js';
import { noTestRedis, startTestRedis, type TestRedis } from '../durability/helpers/redis-server.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-cache-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function sqliteStore(maxBytes = 10_000_000, now?: () => number): SqliteResultStore {
  const store = new SqliteResultStore({ file: path.join(tempDir(), 'cache.sqlite'), maxBytes, ...(now ? { now } : {}) });
  cleanups.push(() => store.close());
  return store;
}

function result(text: string, overrides: Partial<ProcessResult> = {}): ProcessResult {
  return {
    input: { kind: 'image', bytes: 1234, mime: 'image/jpeg' },
    extracted: { text: `${text} (original)`, language: 'en', method: 'ocr' },
    simplified: { text, grade: 5, language: 'en', backend: { path: 'rule-based', name: 'rule-based simplifier' }, notes: [], attempts: [{ path: 'local-model', name: 'local model', outcome: 'skipped', reason: 'no local model installed for this task' }, { path: 'rule-based', name: 'rule-based simplifier', outcome: 'served', ms: 12 }] },
    translated: null,
    final: { text, language: 'en' },
    validation: { passed: true, score: 0.9, checks: [] } as unknown as ProcessResult['validation'],
    audio: { data: randomBytes(5000), format: 'ogg/opus', durationSec: 2.5 },
    timingsMs: { extract: 400, simplify: 30, translate: 0, validate: 5, speak: 300, total: 735 },
    warnings: ['a note'],
    ...overrides,
  };
}

/** A pipeline that counts its runs and reports its stages. */
function countingPipeline(make: (request: PipelineRequest) => ProcessResult = (r) => result(`simple ${r.grade} ${r.bytes.toString()}`)): PipelineRunner & { runs: number } {
  const pipeline = {
    runs: 0,
    async run(request: PipelineRequest) {
      pipeline.runs += 1;
      request.onStage?.('reading');
      request.onStage?.('simplifying');
      return make(request);
    },
  };
  return pipeline;
}

const request = (overrides: Partial<PipelineRequest> = {}): PipelineRequest => ({ bytes: Buffer.from('page one'), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: true, ...overrides });

describe('CachedPipeline', () => {
  it('answers the same input again from the cache: the same result and voice note, no stage run', async () => {
    const inner = countingPipeline();
    const lookups: string[] = [];
    const cached = new CachedPipeline({ inner, store: sqliteStore(), servingFingerprint: async () => 'rule-based-only', onLookup: (o) => lookups.push(o) });
    const first = await cached.run(request());
    const stages: string[] = [];
    const second = await cached.run(request({ onStage: (s) => stages.push(s) }));
    expect(inner.runs).toBe(1);
    expect(second).toEqual(first);
    expect(second.audio!.data.equals(first.audio!.data)).toBe(true);
    expect(stages).toEqual([]);
    expect(lookups).toEqual(['miss', 'hit']);
  });

  it('keys on the bytes, grade, languages, subject, audio and the serving path', async () => {
    const inner = countingPipeline();
    let serving = 'rule-based-only';
    const cached = new CachedPipeline({ inner, store: sqliteStore(), servingFingerprint: async () => serving });
    await cached.run(request());
    for (const variant of [{ bytes: Buffer.from('page two') }, { grade: 6 }, { targetLanguage: 'hi' }, { sourceLanguage: 'en' }, { subject: 'science' }, { audio: false }]) {
      const before = inner.runs;
      await cached.run(request(variant));
      expect(inner.runs, JSON.stringify(variant)).toBe(before + 1);
    }
    // A model installed since: the rule-based answer is not served for it.
    serving = 'with fixture-slow';
    await cached.run(request());
    expect(inner.runs).toBe(8);
    expect(resultCacheKey(request(), 'a')).toMatch(/^[0-9a-f]{64}$/u);
    expect(resultCacheKey(request({ subject: 'x' }), '')).not.toBe(resultCacheKey(request(), 'x'));
  });

  it('does not keep an answer a fallback gave because a path failed or was passed over for a while', async () => {
    const failed = result('x', { simplified: { ...result('x').simplified, attempts: [{ path: 'local-model', name: 'm', outcome: 'failed', reason: 'timed out' }, { path: 'rule-based', name: 'r', outcome: 'served' }] } });
    const open = result('x', { simplified: { ...result('x').simplified, attempts: [{ path: 'remote-api', name: 'api', outcome: 'skipped', reason: 'circuit open' }, { path: 'rule-based', name: 'r', outcome: 'served' }] } });
    expect(isCacheable(failed)).toBe(false);
    expect(isCacheable(open)).toBe(false);
    // The voice read by espeak-ng because an installed voice failed; the text untranslated because the API failed.
    expect(isCacheable(result('x', { audio: { data: randomBytes(10), format: 'ogg/opus', durationSec: 1, fallbackFrom: 'local voice: timed out' } }))).toBe(false);
    expect(isCacheable(result('x', { translationFailure: 'translate: remote API: 503' }))).toBe(false);
    expect(isCacheable(result('x'))).toBe(true);
    // A model that runs this text past the token limit, or answers nothing, does so every time: that is this input's answer.
    for (const reason of ['failed: the answer was cut off at the token limit (904 tokens)', 'failed: the model gave an empty answer']) {
      expect(isCacheable(result('x', { simplified: { ...result('x').simplified, attempts: [{ path: 'local-model', name: 'm', outcome: 'failed', reason }, { path: 'rule-based', name: 'r', outcome: 'served' }] } }))).toBe(true);
    }
    const inner = countingPipeline(() => failed);
    const cached = new CachedPipeline({ inner, store: sqliteStore(), servingFingerprint: async () => 's' });
    await cached.run(request());
    await cached.run(request());
    expect(inner.runs).toBe(2);
  });

  it('runs the pipeline when the cache cannot be read or written', async () => {
    const broken: ResultStore = { get: () => Promise.reject(new Error('disk gone')), set: () => Promise.reject(new Error('disk gone')), size: async () => ({ entries: 0, bytes: 0 }) };
    const inner = countingPipeline();
    const lookups: string[] = [];
    const cached = new CachedPipeline({ inner, store: broken, servingFingerprint: async () => 's', onLookup: (o) => lookups.push(o) });
    expect((await cached.run(request())).final.text).toBe('simple 5 page one');
    expect(lookups).toEqual(['error']);
  });

  it('round-trips a result through its byte form, and refuses other bytes', () => {
    const original = result('hello');
    expect(decodeResult(encodeResult(original))).toEqual(original);
    expect(decodeResult(encodeResult({ ...original, audio: null })).audio).toBeNull();
    expect(() => decodeResult(Buffer.from('not a cached result'))).toThrow(/not a cached result/u);
  });
});

describe('SqliteResultStore', () => {
  it('keeps the total under maxBytes by dropping the least recently used entries', async () => {
    let now = 1_000;
    const store = sqliteStore(2500, () => now);
    for (const key of ['a', 'b', 'c']) {
      await store.set(key, Buffer.alloc(1000, key), 60_000);
      now += 10;
    }
    // a was dropped for c; reading b makes it the most recent, so d pushes out c, not b.
    expect(await store.get('a')).toBeUndefined();
    now += 10;
    expect((await store.get('b'))?.[0]).toBe('b'.charCodeAt(0));
    now += 10;
    await store.set('d', Buffer.alloc(1000, 'd'), 60_000);
    expect(await store.get('c')).toBeUndefined();
    expect(await store.get('b')).toBeDefined();
    expect(await store.size()).toEqual({ entries: 2, bytes: 2000 });
  });

  it('stops serving an entry when its TTL has passed', async () => {
    let now = 1_000;
    const store = sqliteStore(10_000, () => now);
    await store.set('k', Buffer.from('v'), 5000);
    now += 4999;
    expect(await store.get('k')).toBeDefined();
    now += 1;
    expect(await store.get('k')).toBeUndefined();
    expect((await store.size()).entries).toBe(0);
  });
});

describe.skipIf(noTestRedis())('RedisResultStore (through keyv\'s Redis store)', () => {
  let redis: TestRedis;
  let client: RedisClientType;
  beforeAll(async () => {
    redis = await startTestRedis();
    client = createClient({ url: redis.url }) as RedisClientType;
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await redis?.stop();
  });

  const make = (maxBytes: number, now: () => number) => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const entries = new Keyv<string>({ store: createRedisKeyvStore(client, prefix), namespace: 'result-cache' });
    return { prefix, store: new RedisResultStore({ entries, client, prefix, maxBytes, now }) };
  };

  it('shares entries between processes and keeps the total under maxBytes, least recently used first', async () => {
    let now = Date.now();
    const a = make(2500, () => now);
    const b = { store: new RedisResultStore({ entries: new Keyv<string>({ store: createRedisKeyvStore(client, a.prefix), namespace: 'result-cache' }), client, prefix: a.prefix, maxBytes: 2500, now: () => now }) };
    await a.store.set('x', Buffer.alloc(1000, 'x'), 60_000);
    expect((await b.store.get('x'))?.equals(Buffer.alloc(1000, 'x'))).toBe(true);
    now += 10;
    await b.store.set('y', Buffer.alloc(1000, 'y'), 60_000);
    now += 10;
    await a.store.get('x');
    now += 10;
    await a.store.set('z', Buffer.alloc(1000, 'z'), 60_000);
    expect(await a.store.get('y')).toBeUndefined();
    expect(await a.store.get('x')).toBeDefined();
    expect(await a.store.size()).toEqual({ entries: 2, bytes: 2000 });
  });

  it('lets Redis expire an entry at its TTL', async () => {
    const { store } = make(10_000, Date.now);
    await store.set('short', Buffer.from('v'), 150);
    expect(await store.get('short')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.get('short')).toBeUndefined();
    expect((await store.size()).entries).toBe(0);
  });
});

describe('servingFingerprint', () => {
  it('changes when a model is installed, once the look at the models directory is refreshed', async () => {
    const dir = tempDir();
    let now = 0;
    const fingerprint = servingFingerprint({ modelsDir: dir, settings: { version: '1' }, refreshMs: 1000, now: () => now });
    const before = await fingerprint();
    await new ModelStore(dir).writeManifest({ id: 'new-model', tier: 'SMALL', tasks: ['simplify'], languages: [], source: 'test', sizeBytes: 10, sha256: 'a'.repeat(64), installedAt: new Date().toISOString() });
    await writeFile(new ModelStore(dir).modelFile('new-model'), Buffer.alloc(10));
    expect(await fingerprint()).toBe(before);
    now += 1000;
    expect(await fingerprint()).not.toBe(before);
    const other = servingFingerprint({ modelsDir: dir, settings: { version: '2' } });
    expect(await other()).not.toBe(await fingerprint());
  });
});
