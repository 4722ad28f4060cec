import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAbortError, isDisposedError } from '../../src/core/errors.js';
import { LlamaRuntime } from '../../src/models/llama/llama-runtime.js';
import { LlamaTextGenerator } from '../../src/models/llama/llama-text-generator.js';
import { estimateGgufMemory } from '../../src/models/llama/estimate-gguf-memory.js';
import { makeGgufDir } from './helpers/fixtures.js';

const runtime = new LlamaRuntime({ gpu: 'off', threads: 1 });
let fixtures: Awaited<ReturnType<typeof makeGgufDir>>;

beforeAll(async () => {
  fixtures = await makeGgufDir([{ name: 'tiny', seed: 11 }, { name: 'short', seed: 12, contextLength: 256 }]);
});

afterAll(async () => {
  await runtime.dispose();
  await fixtures?.cleanup();
});

describe('LlamaTextGenerator on a GGUF the project writes itself', () => {
  it('loads, generates real tokens, disposes, and then refuses to be used with a DisposedError', async () => {
    const generator = await LlamaTextGenerator.load(runtime, { modelId: 'tiny', file: fixtures.files.tiny!, contextSize: 1024 });
    expect(generator.contextSize).toBe(1024);
    // This runtime asks for no GPU, so llama.cpp must have kept every layer on the CPU.
    expect(generator.gpuLayers).toBe(0);
    expect(generator.countTokens('the sun is a star')).toBeGreaterThan(0);
    const result = await generator.generate({ system: 'You rewrite school text.', prompt: 'Rewrite: the sun is a star.', maxTokens: 12 });
    expect(result.tokens).toBeGreaterThan(0);
    expect(result.tokens).toBeLessThanOrEqual(12);
    expect(typeof result.text).toBe('string');
    await generator.dispose();
    await generator.dispose(); // idempotent
    const failure = await generator.generate({ system: 's', prompt: 'p', maxTokens: 2 }).catch((err: unknown) => err);
    expect(isDisposedError(failure)).toBe(true);
    expect((failure as Error).name).toBe('DisposedError');
    expect(() => generator.countTokens('x')).toThrow(/disposed/u);
  });

  it('stops at the token cap', async () => {
    await using generator = await LlamaTextGenerator.load(runtime, { modelId: 'tiny', file: fixtures.files.tiny!, contextSize: 1024 });
    const capped = await generator.generate({ system: 'You write.', prompt: 'Write a long story about water.', maxTokens: 3 });
    expect(capped.tokens).toBeLessThanOrEqual(3);
    expect(capped.truncated).toBe(capped.tokens === 3);
  });

  it('gives up with an abort error when its signal times out', async () => {
    await using generator = await LlamaTextGenerator.load(runtime, { modelId: 'tiny', file: fixtures.files.tiny!, contextSize: 2048 });
    const started = performance.now();
    const failure = await generator
      .generate({ system: 'You write.', prompt: 'Write a long story about water.', maxTokens: 100_000, signal: AbortSignal.timeout(1) })
      .catch((err: unknown) => err);
    expect(isAbortError(failure)).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
    // The sequence is usable again after a cancelled request.
    const after = await generator.generate({ system: 'You write.', prompt: 'the sun', maxTokens: 2 });
    expect(after.tokens).toBeGreaterThan(0);
  });

  it('answers concurrent requests one after the other on its single sequence', async () => {
    await using generator = await LlamaTextGenerator.load(runtime, { modelId: 'tiny', file: fixtures.files.tiny!, contextSize: 1024 });
    const results = await Promise.all([1, 2, 3].map(() => generator.generate({ system: 'You write.', prompt: 'the water', maxTokens: 4 })));
    for (const r of results) expect(r.tokens).toBeGreaterThan(0);
  });

  it('caps the context at what the model was trained on, and the estimate follows', async () => {
    await using generator = await LlamaTextGenerator.load(runtime, { modelId: 'short', file: fixtures.files.short!, contextSize: 4096 });
    expect(generator.contextSize).toBe(256);
    const estimate = await estimateGgufMemory(fixtures.files.short!, { contextSize: 4096 });
    expect(estimate.contextSize).toBe(256);
    expect(estimate.bytes).toBe(estimate.weightsBytes + estimate.contextBytes);
    expect(estimate.weightsBytes).toBeGreaterThan(0);
  });
});
