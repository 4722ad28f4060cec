import { checkDeclaredSize } from '../shared/capped-download.js';
import type { TempFiles } from '../shared/temp-files.js';
import type { GraphApi } from './graph-api.js';

/**
 * Fetches a user's media in WhatsApp's two steps: GET /{media-id} for the download URL and the
 * declared size (refused here, before any download, when over the limit), then the URL itself
 * with the bearer token, streamed into a temporary file and cut at the limit.
 */
export class WhatsAppMediaFetcher {
  constructor(private readonly options: { api: GraphApi; maxBytes: number }) {}

  async fetch(mediaId: string, temp: TempFiles, signal: AbortSignal): Promise<Buffer> {
    const info = await this.options.api.mediaInfo(mediaId, signal);
    checkDeclaredSize(info.fileSize, this.options.maxBytes);
    const file = await temp.create('.part');
    return this.options.api.download(info.url, this.options.maxBytes, file, signal);
  }
}
