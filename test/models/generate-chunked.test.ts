import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChunked } from '../../src/models/generate-chunked.js';
import { LlamaRuntime } from '../../src/models/llama/llama-runtime.js';
import { LlamaTextGenerator } from '../../src/models/llama/llama-text-generator.js';
import { buildSimplifyPrompt } from '../../src/models/prompts/simplify-prompt.js';
import type { GenerateRequest, TextGenerator } from '../../src/models/text-generator.js';
import { makeGgufDir } from './helpers/fixtures.js';

const runtime = new LlamaRuntime({ gpu: 'off', threads: 1 });
let fixtures: Awaited<ReturnType<typeof makeGgufDir>>;

beforeAll(async () => {
  fixtures = await makeGgufDir([{ name: 'm', seed: 61 }]);
});

afterAll(async () => {
  await runtime.dispose();
  await fixtures?.cleanup();
});

describe('generateChunked on a real model', () => {
  it('processes a document longer than the context in paragraph chunks that each fit', async () => {
    const real = await LlamaTextGenerator.load(runtime, { modelId: 'm', file: fixtures.files.m!, contextSize: 1024 });
    const calls: GenerateRequest[] = [];
    const recorder: TextGenerator = {
      modelId: real.modelId,
      contextSize: real.contextSize,
      countTokens: (t) => real.countTokens(t),
      generate: async (request) => {
        calls.push(request);
        // The random-weight model never stops on its own; this test is about the chunking, so
        // each answer is taken as complete (the next test shows a cut-off one failing).
        return { ...(await real.generate(request)), truncated: false };
      },
      dispose: () => real.dispose(),
      [Symbol.asyncDispose]: () => real.dispose(),
    };
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}. The sun gives light to the earth and the plant reads the water. `.repeat(2).trim());
    const document = paragraphs.join('\n\n');
    expect(real.countTokens(document)).toBeGreaterThan(real.contextSize);

    const result = await generateChunked(recorder, document, (chunk) => buildSimplifyPrompt({ text: chunk, grade: 5, language: 'en' }), { maxTokens: 6, inputShare: 0.45 });
    expect(result.chunks).toBeGreaterThan(1);
    expect(calls).toHaveLength(result.chunks);
    let next = 0;
    for (const call of calls) {
      expect(real.countTokens(call.system) + real.countTokens(call.prompt) + call.maxTokens).toBeLessThanOrEqual(real.contextSize);
      expect(call.maxTokens).toBeLessThanOrEqual(6);
      // Paragraphs arrive whole and in order.
      while (next < paragraphs.length && call.prompt.includes(paragraphs[next]!)) next++;
    }
    expect(next).toBe(paragraphs.length);
    expect(result.text.split('\n\n')).toHaveLength(result.chunks);
    await real.dispose();
  });

  it("fails when a model's answer is cut off at the token limit, as the remote API's finish_reason=length does", async () => {
    // A generator that runs on to maxTokens every time, as the random-weight fixture usually
    // (but not always) does: the behaviour under test needs it every time.
    const calls: GenerateRequest[] = [];
    const runsOn: TextGenerator = {
      modelId: 'runs-on',
      contextSize: 1024,
      countTokens: (t) => Math.ceil(t.length / 4),
      generate: async (request) => {
        calls.push(request);
        return { text: 'The sun gives', tokens: request.maxTokens, truncated: true, ms: 1 };
      },
      dispose: async () => undefined,
      [Symbol.asyncDispose]: async () => undefined,
    };
    const build = (chunk: string) => buildSimplifyPrompt({ text: chunk, grade: 5, language: 'en' });
    await expect(generateChunked(runsOn, 'The sun gives light.', build, { maxTokens: 4, inputShare: 0.45 })).rejects.toThrow('the answer was cut off at the token limit (4 tokens)');
    expect(calls).toHaveLength(1);
  });
});
