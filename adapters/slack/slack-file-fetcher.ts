import { checkContentLength, checkDeclaredSize, readCapped } from '../shared/capped-download.js';
import { SlackAccessError } from './slack-errors.js';

/** A file as a Slack event describes it; only what the download needs. */
export interface SlackFileRef {
  id: string;
  name: string;
  /** Bytes, as the event states it: checked before downloading. */
  size?: number;
  mimetype?: string;
  filetype?: string;
  /** url_private_download (or url_private). */
  url?: string;
}

export interface FetchSlackFileOptions {
  /** Bot token sent as a Bearer header, only to trusted hosts. */
  token: string;
  /** Largest file downloaded. Defaults to config SLACK_MAX_FILE_BYTES (20 MB). */
  maxBytes: number;
  /** Hosts files are downloaded from (with the token): Slack's own and the configured API host. */
  trustedHost: (hostname: string) => boolean;
  signal?: AbortSignal;
  /** Redirects followed. Defaults to 3. */
  maxRedirects?: number;
  fetch?: typeof fetch;
}

/** The scope without which Slack serves its sign-in page instead of the file. */
export const FILES_READ_SCOPE = 'files:read';

/**
 * Downloads a file a teacher shared. Slack answers a download without the files:read scope with
 * HTTP 200 and its HTML sign-in page, not an error, so the bytes are checked: an HTML page where
 * a PDF or photo was promised means the scope is missing, and the teacher is told which one.
 * The size is checked from the event first, then from Content-Length, then while reading.
 */
export async function fetchSlackFile(file: SlackFileRef, options: FetchSlackFileOptions): Promise<Buffer> {
  const limit = options.maxBytes;
  checkDeclaredSize(file.size, limit);
  if (!file.url) throw new SlackAccessError('file-unavailable', 'the file has no download URL (external or hidden)');
  const fetchFn = options.fetch ?? fetch;
  const maxRedirects = options.maxRedirects ?? 3;

  let url = parseHttpUrl(file.url);
  for (let hop = 0; ; hop++) {
    // A file a teacher shares lives on Slack: any other address (in the event or in a redirect) is
    // refused before a request is made, so the service never fetches what a message points it at.
    if (!options.trustedHost(url.hostname)) throw new SlackAccessError('file-unavailable', `the file's address is not on a Slack file host (${url.hostname}); nothing was downloaded`);
    const response = await fetchFn(url, {
      headers: { authorization: `Bearer ${options.token}` },
      redirect: 'manual',
      signal: options.signal,
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location || hop >= maxRedirects) throw new Error(`file download redirected too often (HTTP ${response.status})`);
      url = parseHttpUrl(new URL(location, url).toString());
      continue;
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new SlackAccessError('missing-scope', `file download refused with HTTP ${response.status}`, FILES_READ_SCOPE);
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      throw new SlackAccessError('file-unavailable', `file download answered HTTP ${response.status}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      // 5xx and the like pass: the job is retried.
      throw new Error(`file download failed with HTTP ${response.status}`);
    }
    await checkContentLength(response, limit);
    const bytes = await readCapped(response.body, limit, options.signal ? { signal: options.signal } : {});
    if (looksLikeHtmlPage(bytes) && !isHtmlFile(file)) {
      throw new SlackAccessError('missing-scope', 'Slack answered the download with an HTML page instead of the file', FILES_READ_SCOPE);
    }
    if (file.size !== undefined && bytes.length !== file.size) throw new Error(`file download returned ${bytes.length} bytes, the event said ${file.size}`);
    return bytes;
  }
}

function parseHttpUrl(text: string): URL {
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SlackAccessError('file-unavailable', `unsupported download URL scheme ${url.protocol}`);
  return url;
}

function isHtmlFile(file: SlackFileRef): boolean {
  return file.mimetype === 'text/html' || file.filetype === 'html';
}

/** An HTML document's opening, after a BOM and whitespace. */
export function looksLikeHtmlPage(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().slice(0, 64).toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head') || (head.startsWith('<!--') && bytes.includes('<html'));
}

/** Slack's own hosts, plus the configured API host (a proxy or the test server). */
export function slackTrustedHosts(apiUrl: string): (hostname: string) => boolean {
  const apiHost = new URL(apiUrl).hostname;
  return (hostname) => hostname === apiHost || hostname === 'slack.com' || hostname.endsWith('.slack.com');
}
