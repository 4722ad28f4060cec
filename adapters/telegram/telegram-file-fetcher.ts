import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Api } from 'grammy';
import { redactSecrets } from '../../src/log/redact-secrets.js';
import { StageError } from '../../src/core/errors.js';
import { checkContentLength, checkDeclaredSize, readCapped, tooLargeRefusal } from '../shared/capped-download.js';
import type { TempFiles } from '../shared/temp-files.js';

export interface TelegramFileFetcherOptions {
  api: Pick<Api, 'getFile'>;
  token: string;
  /** Bot API root without a trailing slash; files come from `${apiRoot}/file/bot<token>/<file_path>`. */
  apiRoot: string;
  /** Largest file downloaded, in bytes. Defaults to 20 MB, the public Bot API's download limit. */
  maxBytes?: number;
  /** Longest wait for the server to start answering a download. Defaults to 30000 ms. */
  connectTimeoutMs?: number;
}

/** What a message says about its file: the id, and the size when Telegram knows it. */
export interface TelegramFileRef {
  fileId: string;
  fileSize?: number;
}

/**
 * Downloads a file a user sent. The declared size is checked before getFile (a file over the cap
 * costs no API call and no traffic); a missing or understated size is caught while streaming to a
 * randomly named temp file, which is cut at the cap. A self-hosted Bot API server started with
 * --local answers getFile with an absolute path on its own disk: that file is read in place, under
 * the same cap (run the service where that path is visible, e.g. a shared volume).
 */
export class TelegramFileFetcher {
  readonly maxBytes: number;
  private readonly connectTimeoutMs: number;

  constructor(private readonly options: TelegramFileFetcherOptions) {
    this.maxBytes = options.maxBytes ?? 20_000_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  }

  /** Throws the 'too-large' refusal when a declared size is over the cap; no API call is made. */
  checkDeclaredSize(fileSize: number | undefined): void {
    checkDeclaredSize(fileSize, this.maxBytes);
  }

  async fetch(ref: TelegramFileRef, temp: TempFiles, signal: AbortSignal): Promise<Buffer> {
    this.checkDeclaredSize(ref.fileSize);
    // grammY types its signal after the abort-controller polyfill; the platform's AbortSignal is what it gets.
    const file = await this.options.api.getFile(ref.fileId, signal as Parameters<Api['getFile']>[1]);
    this.checkDeclaredSize(file.file_size);
    const filePath = file.file_path;
    if (!filePath) throw new StageError('read', 'the Bot API returned no file_path (file too big for this server?)');
    if (path.isAbsolute(filePath)) return this.readLocal(filePath, signal);
    return this.download(filePath, temp, signal);
  }

  private async download(filePath: string, temp: TempFiles, signal: AbortSignal): Promise<Buffer> {
    const encoded = filePath.split('/').map(encodeURIComponent).join('/');
    const url = `${this.options.apiRoot}/file/bot${this.options.token}/${encoded}`;
    const connect = AbortSignal.any([signal, AbortSignal.timeout(this.connectTimeoutMs)]);
    let response: Response;
    try {
      response = await fetch(url, { signal: connect, redirect: 'error' });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new StageError('read', `file download failed: ${this.redact(err)}`, true);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new StageError('read', `file download answered HTTP ${response.status}`, response.status >= 500 || response.status === 429);
    }
    await checkContentLength(response, this.maxBytes);
    return readCapped(response.body, this.maxBytes, { signal, toFile: await temp.create() });
  }

  private async readLocal(filePath: string, signal: AbortSignal): Promise<Buffer> {
    const normalized = path.normalize(filePath);
    let size: number;
    try {
      const info = await stat(normalized);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (err) {
      throw new StageError('read', `the local Bot API server's file is not readable here (${this.redact(err)}); run this service where the server's --dir is mounted`);
    }
    if (size > this.maxBytes) throw tooLargeRefusal(size, this.maxBytes);
    return readCapped(createReadStream(normalized), this.maxBytes, { signal });
  }

  private redact(err: unknown): string {
    return redactSecrets(err instanceof Error ? err.message : String(err), [this.options.token]);
  }
}
