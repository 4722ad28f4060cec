import { StageError } from '../core/errors.js';
import { cleanModelOutput } from './prompts/data-block.js';
import type { ModelPrompt } from './prompts/simplify-prompt.js';
import { splitIntoChunks } from './split-into-chunks.js';
import type { TextGenerator } from './text-generator.js';

/** Tokens the chat template adds around the system and user turns (role markers, separators). */
const TEMPLATE_TOKENS = 64;

export interface ChunkedOptions {
  /** Most tokens generated per chunk. */
  maxTokens: number;
  /**
   * Share of the context left after the prompt that one chunk of input may take; the rest is for
   * the answer (a translation into an Indic script can take twice the tokens of its English source).
   */
  inputShare: number;
  signal?: AbortSignal;
}

export interface ChunkedResult {
  text: string;
  chunks: number;
  tokens: number;
}

/**
 * Runs a prompt over a document that may be longer than the model's context: the text is split at
 * paragraph boundaries into chunks that leave room for the answer, each chunk is answered on its
 * own, and the cleaned answers are joined in order. An empty or cut-off answer for any chunk fails
 * the whole.
 */
export async function generateChunked(generator: TextGenerator, text: string, build: (chunk: string) => ModelPrompt, options: ChunkedOptions): Promise<ChunkedResult> {
  const empty = build('');
  const overhead = generator.countTokens(empty.system) + generator.countTokens(empty.prompt) + TEMPLATE_TOKENS;
  const room = generator.contextSize - overhead;
  if (room < 32) throw new Error(`the model's context (${generator.contextSize} tokens) is too small for the prompt (${overhead} tokens)`);
  const chunkTokens = Math.max(8, Math.floor(room * options.inputShare));
  const chunks = splitIntoChunks(text, chunkTokens, (t) => generator.countTokens(t));
  const answers: string[] = [];
  let tokens = 0;
  for (const chunk of chunks) {
    options.signal?.throwIfAborted();
    const prompt = build(chunk);
    const used = generator.countTokens(prompt.system) + generator.countTokens(prompt.prompt) + TEMPLATE_TOKENS;
    const left = generator.contextSize - used;
    if (left < 8) throw new Error(`no room left in the context to answer a chunk of ${generator.countTokens(chunk)} tokens`);
    const maxTokens = Math.min(options.maxTokens, left);
    const result = await generator.generate({ system: prompt.system, prompt: prompt.prompt, maxTokens, signal: options.signal });
    tokens += result.tokens;
    // A cut-off answer drops the end of the document: the path failed, as the remote client's
    // finish_reason=length does, so the next tier or path serves and the report says why.
    if (result.truncated) throw new StageError('models', `the answer was cut off at the token limit (${maxTokens} tokens)`);
    const answer = cleanModelOutput(result.text, prompt.fence);
    if (!answer) throw new Error('the model gave an empty answer');
    answers.push(answer);
  }
  return { text: answers.join('\n\n'), chunks: chunks.length, tokens };
}
