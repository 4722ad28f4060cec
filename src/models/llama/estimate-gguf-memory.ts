import type { LlamaRuntime } from './llama-runtime.js';

export interface GgufMemoryEstimate {
  /** Weights plus the context, in bytes: what the pool budgets for this model. */
  bytes: number;
  weightsBytes: number;
  contextBytes: number;
  /** The context the model will really get: the requested size capped by its trained context. */
  contextSize: number;
  trainContextSize: number | undefined;
  architecture: string | undefined;
}

/**
 * Estimates what a GGUF model will hold once loaded with a context of the given size, from its
 * header alone (node-llama-cpp's GGUF insights), without loading any weights. Counted as if all
 * layers ran on the CPU: with GPU offload the same bytes move to VRAM, and the budget is for both.
 */
export async function estimateGgufMemory(file: string, options: { contextSize: number; runtime?: LlamaRuntime }): Promise<GgufMemoryEstimate> {
  const { readGgufFileInfo, GgufInsights } = await import('node-llama-cpp');
  const info = await readGgufFileInfo(file, { sourceType: 'filesystem', logWarnings: false, ignoreKeys: ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'] });
  const llama = options.runtime?.started ? await options.runtime.get() : undefined;
  const insights = await GgufInsights.from(info, llama);
  const trainContextSize = insights.trainContextSize;
  const contextSize = Math.min(options.contextSize, trainContextSize ?? options.contextSize);
  const weights = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
  const context = await insights.estimateContextResourceRequirementsV2({ contextSize, modelGpuLayers: 0, sequences: 1 });
  const weightsBytes = weights.cpuRam + weights.gpuVram;
  const contextBytes = context.cpuRam + context.gpuVram;
  const architecture = (info.metadata as { general?: { architecture?: string } }).general?.architecture;
  return { bytes: weightsBytes + contextBytes, weightsBytes, contextBytes, contextSize, trainContextSize, architecture };
}
