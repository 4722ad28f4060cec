import type { BackendInfo, TranslateRequest, TranslateResult, Translator } from '../core/ports.js';
import { buildTranslatePrompt } from '../models/prompts/translate-prompt.js';
import type { OpenAiCompatibleClient } from './openai-compatible-client.js';
import { chatInChunks } from './chat-in-chunks.js';

export interface RemoteTranslatorOptions {
  client: OpenAiCompatibleClient;
  /** Chat model name as the server knows it. */
  model: string;
  /** Most characters of source text sent in one call. Defaults to 4000 (Indic scripts take more tokens). */
  maxChunkChars?: number;
  /** Most tokens of one answer. Defaults to 4096. */
  maxTokens?: number;
}

/**
 * Translates through a remote chat model, with the same fenced-data prompt as the local models.
 * Never returns null: it either translates or throws, and the chain decides what comes next.
 */
export class RemoteTranslator implements Translator {
  readonly backend: BackendInfo;
  private readonly maxChunkChars: number;
  private readonly maxTokens: number;

  constructor(private readonly options: RemoteTranslatorOptions) {
    this.backend = { path: 'remote-api', name: 'remote API', model: options.model };
    this.maxChunkChars = options.maxChunkChars ?? 4000;
    this.maxTokens = options.maxTokens ?? 4096;
  }

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    const { client, model } = this.options;
    const text = await chatInChunks(
      request.text,
      (chunk) => buildTranslatePrompt({ text: chunk, from: request.from, to: request.to }),
      { client, model, maxTokens: this.maxTokens, maxChunkChars: this.maxChunkChars },
      request.signal,
    );
    return { text, language: request.to, backend: this.backend };
  }
}
