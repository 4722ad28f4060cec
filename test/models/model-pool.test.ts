import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDisposedError } from '../../src/core/errors.js';
import { estimateGgufMemory } from '../../src/models/llama/estimate-gguf-memory.js';
import { LlamaRuntime } from '../../src/models/llama/llama-runtime.js';
import { LlamaTextGenerator } from '../../src/models/llama/llama-text-generator.js';
import { ModelPool, type PoolResource, type PoolStats } from '../../src/models/model-pool.js';
import type { TextGenerator } from '../../src/models/text-generator.js';
import { makeGgufDir } from './helpers/fixtures.js';

const CONTEXT = 1024;
const runtime = new LlamaRuntime({ gpu: 'off', threads: 1 });
let fixtures: Awaited<ReturnType<typeof makeGgufDir>>;
const estimates: Record<string, number> = {};

beforeAll(async () => {
  fixtures = await makeGgufDir([{ name: 'a', seed: 1 }, { name: 'b', seed: 2 }, { name: 'c', seed: 3 }]);
  for (const [name, file] of Object.entries(fixtures.files)) estimates[name] = (await estimateGgufMemory(file, { contextSize: CONTEXT })).bytes;
  await runtime.get();
});

afterAll(async () => {
  await runtime.dispose();
  await fixtures?.cleanup();
});

/** A real GGUF resource whose loads and disposes are counted. */
function resource(name: string, counts: { loads: number; disposes: number; handles: TextGenerator[] }): PoolResource<TextGenerator> {
  return {
    id: name,
    bytes: estimates[name]!,
    load: async (signal) => {
      counts.loads++;
      const generator = await LlamaTextGenerator.load(runtime, { modelId: name, file: fixtures.files[name]!, contextSize: CONTEXT, signal });
      counts.handles.push(generator);
      const dispose = generator.dispose.bind(generator);
      generator.dispose = async () => {
        counts.disposes++;
        await dispose();
      };
      return generator;
    },
  };
}

function loadedIds(pool: { stats(): PoolStats }): string[] {
  return pool.stats().loaded.map((l) => l.id);
}

function counter() {
  return { loads: 0, disposes: 0, handles: [] as TextGenerator[] };
}

describe('ModelPool with real GGUF models', () => {
  it('with a budget for two of three models, loading the third evicts and disposes the least recently used', async () => {
    const budget = Math.max(estimates.a! + estimates.b!, estimates.b! + estimates.c!, estimates.a! + estimates.c!) + 1000;
    expect(budget).toBeLessThan(estimates.a! + estimates.b! + estimates.c!);
    const pool = new ModelPool<TextGenerator>({ budgetBytes: budget });
    const counts = { a: counter(), b: counter(), c: counter() };
    const r = { a: resource('a', counts.a), b: resource('b', counts.b), c: resource('c', counts.c) };
    await pool.use(r.a, async (g) => g.countTokens('the sun'));
    await pool.use(r.b, async (g) => g.countTokens('the sun'));
    await pool.use(r.a, async (g) => g.countTokens('the sun')); // a is now more recent than b
    await pool.use(r.c, async (g) => g.countTokens('the sun'));
    expect(loadedIds(pool).sort()).toEqual(['a', 'c']);
    expect(counts.b.disposes).toBe(1);
    expect(counts.a.loads).toBe(1);
    const evicted = counts.b.handles[0]!;
    expect(() => evicted.countTokens('x')).toThrow();
    await evicted.generate({ system: 's', prompt: 'p', maxTokens: 1 }).then(
      () => expect.fail('an evicted model must not generate'),
      (err: unknown) => expect(isDisposedError(err)).toBe(true),
    );
    const stats = pool.stats();
    expect(stats).toMatchObject({ loads: 3, evictions: 1 });
    expect(stats.peakBytes).toBeLessThanOrEqual(budget);
    await pool.close();
    expect(counts.a.disposes + counts.c.disposes).toBe(2);
  });

  it('two concurrent requests for one model share one load', async () => {
    const pool = new ModelPool<TextGenerator>({ budgetBytes: estimates.a! * 2 });
    const counts = counter();
    const r = resource('a', counts);
    const [x, y] = await Promise.all([pool.acquire(r), pool.acquire(r)]);
    expect(counts.loads).toBe(1);
    expect(x.handle).toBe(y.handle);
    expect(pool.stats().loaded).toEqual([expect.objectContaining({ id: 'a', inUse: 2 })]);
    x.release();
    y.release();
    expect(pool.stats().loaded[0]!.inUse).toBe(0);
    await pool.close();
  });

  it('never evicts a model in use: a load that needs its room waits until it is released', async () => {
    const pool = new ModelPool<TextGenerator>({ budgetBytes: Math.max(estimates.a!, estimates.b!) + 1000 });
    const counts = { a: counter(), b: counter() };
    const lease = await pool.acquire(resource('a', counts.a));
    let bLoaded = false;
    const b = pool.acquire(resource('b', counts.b)).then((l) => {
      bLoaded = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(bLoaded).toBe(false);
    expect(counts.a.disposes).toBe(0);
    // The leased model still works while the other request waits.
    const answer = await lease.handle.generate({ system: 'You write.', prompt: 'the sun', maxTokens: 4 });
    expect(answer.tokens).toBeGreaterThan(0);
    lease.release();
    const bLease = await b;
    expect(counts.a.disposes).toBe(1);
    expect(loadedIds(pool)).not.toContain('a');
    bLease.release();
    expect(pool.stats().peakBytes).toBeLessThanOrEqual(pool.budgetBytes);
    await pool.close();
  });

  it('refuses a model larger than the whole budget without loading it', async () => {
    const pool = new ModelPool<TextGenerator>({ budgetBytes: Math.floor(estimates.a! / 2) });
    const counts = counter();
    await expect(pool.acquire(resource('a', counts))).rejects.toThrow(/budget/u);
    expect(counts.loads).toBe(0);
    await pool.close();
  });
});

describe('ModelPool bookkeeping (synthetic resources)', () => {
  function fake(id: string, bytes: number, log: string[], delayMs = 5): PoolResource<{ dispose(): Promise<void> }> {
    return {
      id,
      bytes,
      load: async () => {
        log.push(`load ${id}`);
        await new Promise((r) => setTimeout(r, delayMs));
        return {
          dispose: async () => {
            await new Promise((r) => setTimeout(r, delayMs));
            log.push(`dispose ${id}`);
          },
        };
      },
    };
  }

  it('never exceeds the budget under many concurrent requests, counting loads and disposes in flight', async () => {
    const log: string[] = [];
    const pool = new ModelPool({ budgetBytes: 100 });
    const resources = ['w', 'x', 'y', 'z'].map((id) => fake(id, 45, log, 3));
    let maxSeen = 0;
    const watch = setInterval(() => (maxSeen = Math.max(maxSeen, pool.stats().usedBytes)), 1);
    await Promise.all(Array.from({ length: 60 }, (_, i) => pool.use(resources[(i * 7) % 4]!, async () => {
      maxSeen = Math.max(maxSeen, pool.stats().usedBytes);
      await new Promise((r) => setTimeout(r, 2));
    })));
    clearInterval(watch);
    const stats = pool.stats();
    expect(stats.peakBytes).toBeLessThanOrEqual(100);
    expect(maxSeen).toBeLessThanOrEqual(100);
    expect(stats.loads).toBeGreaterThan(2);
    expect(log.filter((l) => l.startsWith('dispose')).length).toBe(stats.evictions);
    await pool.close();
    expect(pool.stats().usedBytes).toBe(0);
  });

  it('unloads a model left idle for the configured time', async () => {
    const log: string[] = [];
    const pool = new ModelPool({ budgetBytes: 100, idleUnloadMs: 50 });
    await pool.use(fake('w', 10, log), async () => undefined);
    expect(loadedIds(pool)).toEqual(['w']);
    await new Promise((r) => setTimeout(r, 200));
    expect(loadedIds(pool)).toEqual([]);
    expect(log).toEqual(['load w', 'dispose w']);
    await pool.close();
  });

  it('a model refused as bigger than the budget leaves nothing behind: a smaller one under the same id loads', async () => {
    const log: string[] = [];
    const pool = new ModelPool({ budgetBytes: 100 });
    await expect(pool.acquire(fake('m', 200, log))).rejects.toThrow(/m needs about 200 B but the model memory budget is 100 B/u);
    expect(pool.stats().loading).toEqual([]);
    // Someone installed a smaller model under the same id: it must load, not get the old error.
    const lease = await pool.acquire(fake('m', 50, log));
    expect(log).toEqual(['load m']);
    lease.release();
    expect(pool.overBudget({ id: 'x', bytes: 101 })).toMatch(/x needs about/u);
    expect(pool.overBudget({ id: 'x', bytes: 100 })).toBeNull();
    await pool.close();
  });

  it('a request waiting for room gives up when its signal aborts', async () => {
    const log: string[] = [];
    const pool = new ModelPool({ budgetBytes: 50 });
    const held = await pool.acquire(fake('w', 40, log));
    const controller = new AbortController();
    const waiting = pool.acquire(fake('x', 40, log), controller.signal);
    setTimeout(() => controller.abort(new Error('gave up')), 30);
    await expect(waiting).rejects.toThrow('gave up');
    expect(log).toEqual(['load w']);
    held.release();
    await pool.close();
  });
});
