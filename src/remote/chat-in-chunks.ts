import { cleanModelOutput } from '../models/prompts/data-block.js';
import type { ModelPrompt } from '../models/prompts/simplify-prompt.js';
import type { OpenAiCompatibleClient } from './openai-compatible-client.js';
import { RemoteApiError } from './remote-api-error.js';
import { splitForChat } from './split-for-chat.js';

export interface ChatInChunksOptions {
  client: OpenAiCompatibleClient;
  model: string;
  maxTokens: number;
  maxChunkChars: number;
}

/**
 * Sends text to a remote chat model paragraph-wise, each piece in its own fenced-data prompt, and
 * joins the cleaned answers. An empty answer is a malformed one (not retried): the chain decides
 * what serves next.
 */
export async function chatInChunks(text: string, prompt: (chunk: string) => ModelPrompt, options: ChatInChunksOptions, signal?: AbortSignal): Promise<string> {
  const answers: string[] = [];
  for (const chunk of splitForChat(text, options.maxChunkChars)) {
    signal?.throwIfAborted();
    const built = prompt(chunk);
    const answer = await options.client.chat(
      { model: options.model, messages: [{ role: 'system', content: built.system }, { role: 'user', content: built.prompt }], maxTokens: options.maxTokens },
      signal,
    );
    const cleaned = cleanModelOutput(answer.text, built.fence);
    if (!cleaned) throw new RemoteApiError('malformed answer: empty text', { isRetryable: false });
    answers.push(cleaned);
  }
  return answers.join('\n\n');
}
