import type { PooledHandle } from './model-pool.js';

export interface GenerateRequest {
  /** Instructions: how to treat the data, what to produce. */
  system: string;
  /** The user turn: the task line and the delimited data. */
  prompt: string;
  /** Most tokens to generate. */
  maxTokens: number;
  signal?: AbortSignal;
}

export interface GenerateResult {
  text: string;
  /** Tokens generated. */
  tokens: number;
  /** True when generation stopped at maxTokens rather than at the end of the answer. */
  truncated: boolean;
  ms: number;
}

/** A loaded text model: the pool holds it, a ModelSimplifier or ModelTranslator asks it for text. */
export interface TextGenerator extends PooledHandle {
  readonly modelId: string;
  /** Tokens the loaded context holds: prompt and answer together. */
  readonly contextSize: number;
  countTokens(text: string): number;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  [Symbol.asyncDispose](): Promise<void>;
}
