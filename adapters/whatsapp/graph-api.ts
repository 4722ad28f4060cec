import { setTimeout as sleep } from 'node:timers/promises';
import { parseRetryAfter } from '../../src/remote/parse-retry-after.js';
import { checkContentLength, readCapped } from '../shared/capped-download.js';
import { GraphApiError, isGraphApiError } from './graph-api-error.js';

export interface GraphApiOptions {
  /** WHATSAPP_API_URL: the Graph API base with its version, e.g. https://graph.facebook.com/v23.0. */
  baseUrl: string;
  token: string;
  phoneNumberId: string;
  /** Tries after a rate limit, a 5xx or a network failure, with exponential backoff. Defaults to 4. */
  maxRetries?: number;
  /** First backoff wait; doubles each time, with jitter. Defaults to 1000 ms. */
  retryBaseMs?: number;
  /** Longest single wait, also for a Retry-After; a longer ask fails the call (the job retries later). Defaults to 30000 ms. */
  maxRetryDelayMs?: number;
  /** Each call's own time limit. Defaults to 30000 ms. */
  timeoutMs?: number;
  /** Called with each refused-token error (401/190) and each success, so health can say which holds. */
  onTokenState?: (state: 'refused' | 'accepted', err?: GraphApiError) => void;
}

/** Media metadata from GET /{media-id}: the download URL lives five minutes. */
export interface MediaInfo {
  url: string;
  mimeType: string;
  /** Declared size in bytes, when Meta says (it sends it as a string or a number). */
  fileSize?: number;
}

/** A row of an interactive list message. Titles at most 24 characters, descriptions 72, ids 200. */
export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface ListMessage {
  /** At most 4096 characters. */
  body: string;
  /** The button that opens the list: at most 20 characters. */
  button: string;
  /** At most 10 rows in all sections together. */
  sections: Array<{ title: string; rows: ListRow[] }>;
}

/**
 * The few WhatsApp Cloud API calls the adapter makes, over fetch with the bearer token: send a
 * text, a list, an audio or a document message, mark a message read with the typing indicator, read media
 * metadata, download and upload media. Rate limits (130429, 131056, HTTP 429), 5xx and network
 * failures are retried here with backoff; everything else is thrown as a GraphApiError whose
 * `failure` says what it means. The token is only ever in the Authorization header.
 */
export class GraphApi {
  private readonly base: string;

  constructor(private readonly options: GraphApiOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /** Sends a text message; returns its message id. `replyTo` quotes the user's message. */
  async sendText(to: string, body: string, replyTo?: string, signal?: AbortSignal): Promise<string> {
    return this.sendMessage({ to, type: 'text', text: { body, preview_url: false }, ...(replyTo ? { context: { message_id: replyTo } } : {}) }, signal);
  }

  async sendList(to: string, list: ListMessage, signal?: AbortSignal): Promise<string> {
    return this.sendMessage(
      { to, type: 'interactive', interactive: { type: 'list', body: { text: list.body }, action: { button: list.button, sections: list.sections } } },
      signal,
    );
  }

  /** Sends uploaded audio by its media id; an Ogg/Opus file plays as a voice message. */
  async sendAudio(to: string, mediaId: string, signal?: AbortSignal): Promise<string> {
    return this.sendMessage({ to, type: 'audio', audio: { id: mediaId } }, signal);
  }

  /** Sends an uploaded file by its media id; the file name is what the user's phone shows and saves it as. */
  async sendDocument(to: string, mediaId: string, fileName: string, caption: string, signal?: AbortSignal): Promise<string> {
    return this.sendMessage({ to, type: 'document', document: { id: mediaId, filename: fileName, ...(caption ? { caption } : {}) } }, signal);
  }

  /** Blue ticks on the user's message and, with `typing`, "typing…" for up to 25 s or until we answer. */
  async markRead(messageId: string, typing: boolean, signal?: AbortSignal): Promise<void> {
    await this.call('POST', `/${this.options.phoneNumberId}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: messageId, ...(typing ? { typing_indicator: { type: 'text' } } : {}) }, signal);
  }

  async mediaInfo(mediaId: string, signal?: AbortSignal): Promise<MediaInfo> {
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(mediaId)) throw new GraphApiError(400, null, 'the media id has unexpected characters');
    const info = (await this.call('GET', `/${mediaId}`, undefined, signal)) as { url?: unknown; mime_type?: unknown; file_size?: unknown };
    if (typeof info.url !== 'string') throw new GraphApiError(502, null, 'the media metadata has no url');
    const size = Number(info.file_size);
    return { url: info.url, mimeType: typeof info.mime_type === 'string' ? info.mime_type : '', ...(info.file_size !== undefined && Number.isFinite(size) ? { fileSize: size } : {}) };
  }

  /**
   * Downloads media from the URL mediaInfo gave, with the bearer token, streaming into `toFile`
   * and cutting at maxBytes (a Content-Length over it is refused before reading).
   */
  async download(url: string, maxBytes: number, toFile: string, signal?: AbortSignal): Promise<Buffer> {
    const response = await this.withRetries(() => this.fetchOnce('GET', url, undefined, signal, false), signal);
    await checkContentLength(response, maxBytes);
    return readCapped(response.body, maxBytes, { toFile, ...(signal ? { signal } : {}) });
  }

  /** Uploads a file for this phone number; returns the media id to send it by. */
  async uploadMedia(bytes: Buffer, mimeType: string, fileName: string, signal?: AbortSignal): Promise<string> {
    const result = (await this.call(
      'POST',
      `/${this.options.phoneNumberId}/media`,
      () => {
        const form = new FormData();
        form.set('messaging_product', 'whatsapp');
        form.set('type', mimeType);
        form.set('file', new Blob([bytes], { type: mimeType }), fileName);
        return form;
      },
      signal,
    )) as { id?: unknown };
    if (typeof result.id !== 'string') throw new GraphApiError(502, null, 'the upload answer has no media id');
    return result.id;
  }

  private async sendMessage(message: Record<string, unknown>, signal?: AbortSignal): Promise<string> {
    const result = (await this.call('POST', `/${this.options.phoneNumberId}/messages`, { messaging_product: 'whatsapp', recipient_type: 'individual', ...message }, signal)) as { messages?: Array<{ id?: unknown }> };
    const id = result.messages?.[0]?.id;
    return typeof id === 'string' ? id : '';
  }

  private async call(method: 'GET' | 'POST', path: string, body: Record<string, unknown> | (() => FormData) | undefined, signal?: AbortSignal): Promise<unknown> {
    const response = await this.withRetries(() => this.fetchOnce(method, `${this.base}${path}`, body, signal, true), signal);
    return response.json().catch(() => ({}));
  }

  /** Runs one request, retrying rate limits and transient failures with exponential backoff and jitter. */
  private async withRetries(attempt: () => Promise<Response>, signal?: AbortSignal): Promise<Response> {
    const maxRetries = this.options.maxRetries ?? 4;
    const baseMs = this.options.retryBaseMs ?? 1000;
    const maxDelayMs = this.options.maxRetryDelayMs ?? 30_000;
    for (let tries = 0; ; tries++) {
      try {
        const response = await attempt();
        this.options.onTokenState?.('accepted');
        return response;
      } catch (err) {
        if (!isGraphApiError(err)) throw err;
        if (err.failure === 'auth') this.options.onTokenState?.('refused', err);
        const retryable = err.failure === 'rate-limit' || err.failure === 'transient';
        if (!retryable || tries >= maxRetries || signal?.aborted) throw err;
        const backoff = baseMs * 2 ** tries * (0.75 + Math.random() * 0.5);
        const wait = Math.max(err.retryAfterMs ?? 0, backoff);
        if (wait > maxDelayMs) throw err;
        await sleep(wait, undefined, signal ? { signal } : {});
      }
    }
  }

  private async fetchOnce(method: string, url: string, body: Record<string, unknown> | (() => FormData) | undefined, signal: AbortSignal | undefined, json: boolean): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
    let payload: string | FormData | undefined;
    if (typeof body === 'function') payload = body();
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}), signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'follow' });
    } catch (err) {
      if (signal?.aborted) throw err;
      // The cause names the host at most; the URL is not logged (a download URL carries a signature).
      throw new GraphApiError(0, null, `network error: ${err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err)}`);
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    let parsed: { error?: { code?: unknown; message?: unknown; error_data?: { details?: unknown } } } = {};
    if (json || text.startsWith('{')) {
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // not JSON: the status decides
      }
    }
    const error = parsed.error ?? {};
    const code = typeof error.code === 'number' ? error.code : null;
    const details = [error.message, error.error_data?.details].filter((s) => typeof s === 'string' && s).join(' - ');
    throw new GraphApiError(response.status, code, (details || response.statusText || 'no details').slice(0, 300), parseRetryAfter(response.headers));
  }
}
