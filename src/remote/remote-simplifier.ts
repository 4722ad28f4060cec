import type { BackendInfo, Simplifier, SimplifyRequest, SimplifyResult } from '../core/ports.js';
// One prompt for every path: the remote model gets the same fenced-data instructions as the local ones.
import { buildSimplifyPrompt } from '../models/prompts/simplify-prompt.js';
import type { OpenAiCompatibleClient } from './openai-compatible-client.js';
import { chatInChunks } from './chat-in-chunks.js';

export interface RemoteSimplifierOptions {
  client: OpenAiCompatibleClient;
  /** Chat model name as the server knows it. */
  model: string;
  /** Most characters of source text sent in one call; longer text goes paragraph-wise in several. Defaults to 6000. */
  maxChunkChars?: number;
  /** Most tokens of one answer. Defaults to 4096. */
  maxTokens?: number;
}

/**
 * Simplifies through a remote chat model. The user's text goes only inside a fence with a random
 * boundary, the instructions (keep every number and name) in the system turn, and echoed fence
 * lines are stripped from the answer. It throws on any failure: retries, timeouts and the choice
 * of the next path belong to the policy and the chain around it, and so does validation.
 */
export class RemoteSimplifier implements Simplifier {
  readonly backend: BackendInfo;
  private readonly maxChunkChars: number;
  private readonly maxTokens: number;

  constructor(private readonly options: RemoteSimplifierOptions) {
    this.backend = { path: 'remote-api', name: 'remote API', model: options.model };
    this.maxChunkChars = options.maxChunkChars ?? 6000;
    this.maxTokens = options.maxTokens ?? 4096;
  }

  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    const { client, model } = this.options;
    const text = await chatInChunks(
      request.text,
      (chunk) => buildSimplifyPrompt({ text: chunk, grade: request.grade, language: request.language, subject: request.subject }),
      { client, model, maxTokens: this.maxTokens, maxChunkChars: this.maxChunkChars },
      request.signal,
    );
    return { text, backend: this.backend, notes: [] };
  }
}
