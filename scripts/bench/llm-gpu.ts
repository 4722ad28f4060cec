/**
 * GPU offload check and speed-up for local models: loads the same GGUF through the project's own
 * LlamaRuntime and LlamaTextGenerator with LLM_GPU=off and with a GPU backend, and prints which
 * backend llama.cpp started, how many layers it put on the GPU, VRAM used, load time and tokens/s.
 * On a machine without a usable GPU the second row says the runtime fell back to the CPU.
 *
 *   node --import tsx scripts/bench/llm-gpu.ts [--gpu auto|cuda|vulkan|metal] [--model file.gguf]
 *                                              [--embd 1024] [--layers 8] [--tokens 128]
 *
 * Without --model it writes a random-weight llama GGUF of the given size (scripts/fixtures/
 * write-gguf.ts): the text is garbage, the arithmetic is a real model's.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeTinyGguf } from '../fixtures/write-gguf.js';
import { LlamaRuntime, type GpuMode } from '../../src/models/llama/llama-runtime.js';
import { LlamaTextGenerator } from '../../src/models/llama/llama-text-generator.js';
import type { ModelLogger } from '../../src/models/model-logger.js';

const { values } = parseArgs({
  options: {
    gpu: { type: 'string', default: 'auto' },
    model: { type: 'string' },
    embd: { type: 'string', default: '1024' },
    layers: { type: 'string', default: '8' },
    tokens: { type: 'string', default: '128' },
  },
});
const gpu = values.gpu as GpuMode;
const maxTokens = Number(values.tokens);

/** Collects what the runtime logs: the backend it started and any fallback to the CPU. */
function recordingLogger(lines: string[]): ModelLogger {
  const log = (level: string) => (fields: object, message: string) => void lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

async function run(mode: GpuMode, file: string): Promise<void> {
  const lines: string[] = [];
  const runtime = new LlamaRuntime({ gpu: mode, logger: recordingLogger(lines) });
  const llama = await runtime.get();
  const loadStart = performance.now();
  const generator = await LlamaTextGenerator.load(runtime, { modelId: 'bench', file, contextSize: 512 });
  const loadMs = performance.now() - loadStart;
  const vram = await llama.getVramState();
  const request = { system: 'You tell short stories.', prompt: 'Once upon a time, there was a little girl named Lily.', maxTokens };
  await generator.generate({ ...request, maxTokens: 8 }); // warm-up
  const result = await generator.generate(request);
  const fallback = lines.find((l) => l.includes('GPU backend unavailable'));
  console.log(
    `${mode.padEnd(6)}  ${String(llama.gpu || 'cpu').padEnd(7)}  ${String(generator.gpuLayers).padStart(10)}  ${(vram.used / 2 ** 20).toFixed(0).padStart(12)}  ` +
      `${loadMs.toFixed(0).padStart(7)}  ${String(result.tokens).padStart(6)}  ${((result.tokens / result.ms) * 1000).toFixed(1).padStart(8)}` +
      (fallback ? `  (fell back: ${fallback.slice(0, 160)})` : ''),
  );
  await generator.dispose();
  await runtime.dispose();
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-gpu-'));
try {
  let file = values.model;
  if (!file) {
    file = path.join(dir, 'random.gguf');
    await writeTinyGguf(file, { embedding: Number(values.embd), layers: Number(values.layers), heads: 16, seed: 3 });
  }
  const size = (await stat(file)).size;
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.availableParallelism()} cores; model ${path.basename(file)} ${(size / 2 ** 20).toFixed(0)} MiB`);
  console.log('LLM_GPU backend  GPU layers  VRAM used MiB  load ms  tokens  tokens/s');
  await run('off', file);
  await run(gpu, file);
} finally {
  await rm(dir, { recursive: true, force: true });
}
