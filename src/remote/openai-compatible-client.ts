import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { isAbortError } from '../core/errors.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { readLimitedBody } from './read-limited-body.js';
import { isRemoteApiError, isRetryableStatus, RemoteApiError } from './remote-api-error.js';
import { silentRemoteLogger, type RemoteLogger } from './remote-logger.js';

export interface OpenAiCompatibleClientOptions {
  /** API root that /chat/completions, /audio/transcriptions and /audio/speech hang off, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  /** Sent as "Authorization: Bearer <key>"; never logged. Defaults to none (local servers). */
  apiKey?: string;
  /** Retries of one call after a 429, 5xx or network error. Defaults to 2. */
  maxRetries?: number;
  /** Longest Retry-After that is waited for; a longer one fails the call at once. Defaults to 10000. */
  maxRetryAfterMs?: number;
  /** First backoff delay when the server names none, doubled per retry. Defaults to 250. */
  initialBackoffMs?: number;
  /** Longest backoff delay when the server names none. Defaults to 4000. */
  maxBackoffMs?: number;
  /** Largest JSON response read. Defaults to 4 MB. */
  maxJsonBytes?: number;
  /** Largest audio response read. Defaults to 64 MB. */
  maxAudioBytes?: number;
  /** Defaults to no logging. */
  logger?: RemoteLogger;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Most tokens of the answer. */
  maxTokens: number;
  temperature?: number;
}

export interface TranscribeRequest {
  model: string;
  audio: Buffer;
  /** File name the server sees; its extension tells the server the format, e.g. voice.ogg. */
  filename: string;
  mimeType: string;
  /** ISO 639-1 code of the spoken language, when known. */
  language?: string;
}

export interface SpeechRequest {
  model: string;
  voice: string;
  input: string;
  format: 'wav' | 'opus' | 'pcm';
  /** 0.25-4, 1 is normal. */
  speed?: number;
}

const CHAT_PATH = 'chat/completions';
const TRANSCRIBE_PATH = 'audio/transcriptions';
const SPEECH_PATH = 'audio/speech';

/**
 * A client for the OpenAI HTTP protocol as OpenAI, vLLM, llama.cpp's server, Ollama and Indian
 * language providers speak it: chat completions, audio transcriptions and audio speech, on the
 * platform's fetch (no SDK: three endpoints, and the SDK's own retries would fight ours). Every
 * call takes an AbortSignal that reaches fetch, retries only what can succeed later (429 after its
 * Retry-After, 5xx, network) with exponential backoff, reads bounded bodies and turns any other
 * answer into a RemoteApiError with a reason fit for a report.
 */
export class OpenAiCompatibleClient {
  readonly host: string;
  private readonly base: URL;
  private readonly apiKey: string;
  private readonly logger: RemoteLogger;
  private readonly fetch: typeof fetch;
  private readonly maxJsonBytes: number;
  private readonly maxAudioBytes: number;
  private readonly retry: RetryPolicy;
  private transcribeFormat: 'verbose_json' | 'json' = 'verbose_json';

  constructor(options: OpenAiCompatibleClientOptions) {
    const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new RangeError('the remote API base URL must be http(s)');
    if (base.username || base.password) throw new RangeError('put the API key in REMOTE_API_KEY, not in the base URL');
    this.base = base;
    this.host = base.host;
    this.apiKey = options.apiKey ?? '';
    this.logger = options.logger ?? silentRemoteLogger;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.maxJsonBytes = options.maxJsonBytes ?? 4_000_000;
    this.maxAudioBytes = options.maxAudioBytes ?? 64_000_000;
    const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    const initial = options.initialBackoffMs ?? 250;
    const cap = options.maxBackoffMs ?? 4_000;
    this.retry = retry(handleWhen((err) => isRemoteApiError(err) && err.isRetryable && (err.retryAfterMs ?? 0) <= maxRetryAfterMs), {
      maxAttempts: options.maxRetries ?? 2,
      backoff: new DelegateBackoff((context) => {
        const failure = 'error' in context.result ? context.result.error : undefined;
        if (isRemoteApiError(failure) && failure.retryAfterMs !== undefined) return failure.retryAfterMs;
        // "Equal jitter": half the exponential delay fixed, half random, so clients that failed
        // together do not all come back in the same millisecond.
        const exponential = Math.min(cap, initial * 2 ** (context.attempt - 1));
        return exponential / 2 + Math.random() * (exponential / 2);
      }),
      // A backoff timer must not hold a shutting-down process open; the caller's abort ends the
      // call anyway (the next attempt sees the aborted signal and fetch rejects at once).
    }).dangerouslyUnref();
    this.retry.onRetry((event) => {
      const reason = 'error' in event ? describe(event.error) : 'unexpected result';
      this.logger.warn({ host: this.host, attempt: event.attempt, delayMs: Math.round(event.delay), reason }, 'remote API call failed; retrying');
    });
  }

  /** One chat completion; the answer's text. */
  async chat(request: ChatRequest, signal?: AbortSignal): Promise<{ text: string; model: string }> {
    const body = JSON.stringify({ model: request.model, messages: request.messages, max_tokens: request.maxTokens, temperature: request.temperature ?? 0.2, stream: false });
    const json = await this.call('chat', CHAT_PATH, () => ({ body, headers: { 'content-type': 'application/json' } }), (response) => this.readJson(response), signal);
    const choice = pick(json, 'choices', 0);
    const content = pick(choice, 'message', 'content');
    if (typeof content !== 'string') throw malformed('no choices[0].message.content in the chat answer');
    if (pick(choice, 'finish_reason') === 'length') throw new RemoteApiError('the answer was cut off at the token limit', { isRetryable: false });
    const model = pick(json, 'model');
    return { text: stripThinking(content), model: typeof model === 'string' ? model.slice(0, 120) : request.model };
  }

  /** Speech to text; the language when the server says which it heard (verbose_json). */
  async transcribe(request: TranscribeRequest, signal?: AbortSignal): Promise<{ text: string; language?: string }> {
    for (;;) {
      const format = this.transcribeFormat;
      try {
        const json = await this.call('transcribe', TRANSCRIBE_PATH, () => ({ body: this.transcribeForm(request, format) }), (response) => this.readJson(response), signal);
        const text = pick(json, 'text');
        if (typeof text !== 'string') throw malformed('no text in the transcription answer');
        const language = pick(json, 'language');
        return { text, ...(typeof language === 'string' && language ? { language: language.slice(0, 40) } : {}) };
      } catch (err) {
        // verbose_json (which reports the language) is OpenAI's; servers that only know json
        // answer 400. Fall back once and remember.
        if (format === 'verbose_json' && isRemoteApiError(err) && err.status === 400) {
          this.transcribeFormat = 'json';
          this.logger.info({ host: this.host }, 'remote API refused verbose_json transcriptions; using json');
          continue;
        }
        throw err;
      }
    }
  }

  /** Text to speech; the audio bytes in the asked format. */
  async speech(request: SpeechRequest, signal?: AbortSignal): Promise<Buffer> {
    const body = JSON.stringify({ model: request.model, voice: request.voice, input: request.input, response_format: request.format, ...(request.speed ? { speed: request.speed } : {}) });
    return this.call('speech', SPEECH_PATH, () => ({ body, headers: { 'content-type': 'application/json' } }), async (response) => {
      const type = response.headers.get('content-type') ?? '';
      if (/json|text\/html/i.test(type)) {
        await response.body?.cancel().catch(() => undefined);
        throw malformed(`speech answer is ${type.split(';')[0]}, not audio`);
      }
      const audio = await readLimitedBody(response, this.maxAudioBytes);
      if (audio.length === 0) throw malformed('empty speech answer');
      return audio;
    }, signal);
  }

  private transcribeForm(request: TranscribeRequest, format: string): FormData {
    const form = new FormData();
    form.set('model', request.model);
    form.set('file', new Blob([request.audio], { type: request.mimeType }), request.filename);
    form.set('response_format', format);
    if (request.language) form.set('language', request.language);
    return form;
  }

  private async call<T>(
    op: string,
    path: string,
    init: () => { body: string | FormData; headers?: Record<string, string> },
    parse: (response: Response) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const url = new URL(path, this.base);
    return this.retry.execute(async ({ attempt }) => {
      signal?.throwIfAborted();
      const started = performance.now();
      const { body, headers } = init();
      let response: Response;
      try {
        response = await this.fetch(url, {
          method: 'POST',
          body,
          headers: { accept: 'application/json', ...headers, ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
          signal,
          // A redirect could carry the key to another host: none is followed, and a 3xx fails the call.
          redirect: 'manual',
        });
      } catch (err) {
        if (isAbortError(err) || signal?.aborted) throw err;
        throw new RemoteApiError(`network error: ${networkCause(err)}`, { isRetryable: true }, { cause: err });
      }
      const ms = Math.round(performance.now() - started);
      if (!response.ok) {
        const code = await errorCode(response, this.maxJsonBytes);
        this.logger.debug({ host: this.host, op, status: response.status, ms, attempt }, 'remote API answered with an error');
        throw new RemoteApiError(`HTTP ${response.status}${code ? ` (${code})` : ''}`, {
          status: response.status,
          isRetryable: isRetryableStatus(response.status),
          retryAfterMs: parseRetryAfter(response.headers),
        });
      }
      const result = await parse(response);
      this.logger.debug({ host: this.host, op, status: response.status, ms, attempt }, 'remote API call done');
      return result;
    }, signal);
  }

  private async readJson(response: Response): Promise<unknown> {
    const bytes = await readLimitedBody(response, this.maxJsonBytes);
    try {
      return JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      throw malformed('the answer is not valid JSON');
    }
  }
}

/** Reads a path of keys/indexes out of parsed JSON without trusting its shape. */
function pick(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function malformed(reason: string): RemoteApiError {
  return new RemoteApiError(`malformed answer: ${reason}`, { isRetryable: false });
}

/** Reasoning models served through vLLM or Ollama put their thoughts in <think> first; the answer follows. */
function stripThinking(content: string): string {
  return content.replace(/^\s*<think>[\s\S]*?<\/think>\s*/u, '');
}

/**
 * The server's machine-readable error code or type ("rate_limit_exceeded", "invalid_api_key"),
 * when it is a plain identifier. Its human message is left out: it can quote the request.
 */
async function errorCode(response: Response, maxBytes: number): Promise<string | undefined> {
  try {
    const bytes = await readLimitedBody(response, Math.min(maxBytes, 64_000));
    const json = JSON.parse(bytes.toString('utf8')) as unknown;
    for (const value of [pick(json, 'error', 'code'), pick(json, 'error', 'type'), pick(json, 'code')]) {
      if (typeof value === 'string' && /^[\w.-]{1,64}$/u.test(value)) return value;
    }
  } catch {
    // Not JSON, too big or cut off: the status says enough.
  }
  return undefined;
}

/** fetch's "fetch failed" hides the real cause (ECONNREFUSED, ECONNRESET...) one level down. */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return err instanceof Error ? err.message.slice(0, 120) : 'unknown';
}

function describe(err: Error): string {
  return isRemoteApiError(err) ? err.message : err.name;
}
