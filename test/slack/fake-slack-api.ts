/**
 * The project's own fake of the Slack Web API, on 127.0.0.1: enough of auth.test, chat.*,
 * files upload v2 (files.getUploadURLExternal -> upload -> files.completeUploadExternal),
 * files.info, conversations.history/replies, views.publish, users.info and file downloads for Bolt's real
 * WebClient to talk to it through SLACK_API_URL. Every call is recorded for tests to assert on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_TOKEN = 'xoxb-111-222-fakebottoken';
export const APP_TOKEN = 'xapp-1-A0APP0001-333-fakeapptoken';
export const BOT_USER_ID = 'UBOT0001';
export const BOT_ID = 'BBOT0001';
export const TEAM_ID = 'T0TEAM001';

export interface PostedMessage {
  method: 'chat.postMessage' | 'chat.postEphemeral';
  channel: string;
  thread_ts?: string;
  ts: string;
  text: string;
  user?: string;
  params: Record<string, string>;
  at: number;
}

export interface MessageUpdate {
  channel: string;
  ts: string;
  text: string;
  at: number;
}

export interface CompletedUpload {
  fileId: string;
  filename: string;
  title?: string;
  channel_id?: string;
  thread_ts?: string;
  bytes: Buffer;
  at: number;
}

export interface HostedFile {
  id: string;
  name: string;
  mimetype: string;
  bytes: Buffer;
  /** 'sign-in' serves Slack's HTML sign-in page (what a token without files:read gets). */
  serve?: 'file' | 'sign-in' | 'not-found';
}

export interface ApiCall {
  method: string;
  params: Record<string, string>;
  authorization?: string;
  at: number;
}

export interface FakeSlackApi {
  apiUrl: string;
  origin: string;
  calls: ApiCall[];
  messages: PostedMessage[];
  updates: MessageUpdate[];
  uploads: CompletedUpload[];
  responses: Array<{ id: string; body: Record<string, unknown>; at: number }>;
  downloads: Array<{ id: string; authorization?: string; at: number }>;
  /** Serves a file under /files-pri/<id>/<name> and returns its event description. */
  hostFile(file: HostedFile): Record<string, unknown>;
  /** Messages conversations.history / replies return for a channel (newest first for history). */
  setHistory(channel: string, messages: Array<Record<string, unknown>>): void;
  /** The next call of `method` gets HTTP 429 with this Retry-After. */
  rateLimitNext(method: string, retryAfterSeconds: number): void;
  /** Calls of `method` wait this long before answering. */
  delay(method: string, ms: number): void;
  /** What apps.connections.open hands a Socket Mode client. */
  socketUrl: string;
  /** Channels the bot was not invited to: posting there answers not_in_channel. */
  notInChannel: Set<string>;
  /** Each user's Slack locale, as users.info include_locale=true reports it ("ta-IN"); others get en-US. */
  locales: Map<string, string>;
  /** Bot scopes the installation lacks: a method that needs one answers missing_scope (users.info needs users:read). */
  missingScopes: Set<string>;
  responseUrl(id: string): string;
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const SIGN_IN_PAGE = `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>Slack</title></head>
<body><div class="p-signin"><h1>Sign in to Slack</h1><form action="/signin" method="post"><input type="email" name="email"></form></div></body></html>`;

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: ApiCall[] = [];
  const messages: PostedMessage[] = [];
  const updates: MessageUpdate[] = [];
  const uploads: CompletedUpload[] = [];
  const responses: FakeSlackApi['responses'] = [];
  const downloads: FakeSlackApi['downloads'] = [];
  const files = new Map<string, HostedFile>();
  const pendingUploads = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  const histories = new Map<string, Array<Record<string, unknown>>>();
  const rateLimits = new Map<string, number[]>();
  const delays = new Map<string, number>();
  let tsCounter = 0;
  let fileCounter = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  // Longer than undici's 4 s client keep-alive, as Slack's is: with the server closing first, a
  // client whose event loop was busy could reuse a socket being closed ("fetch failed").
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const raw = await readBody(req);
    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) return download(url, req, res);
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) return receiveUpload(url, req, raw, res);
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      responses.push({ id: url.pathname.split('/')[2] ?? '', body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, at: Date.now() });
      res.writeHead(200).end('ok');
      return;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')).entries());
    calls.push({ method, params, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), at: Date.now() });
    const wait = delays.get(method);
    if (wait) await new Promise((r) => setTimeout(r, wait));
    const limited = rateLimits.get(method);
    if (limited && limited.length > 0) {
      res.writeHead(429, { 'retry-after': String(limited.shift()) }).end();
      return;
    }
    if (method === 'apps.connections.open') {
      // Socket Mode opens its connection with the app-level token, not the bot token.
      return json(res, req.headers.authorization === `Bearer ${APP_TOKEN}` ? { ok: true, url: fakeApi.socketUrl } : { ok: false, error: 'invalid_auth' });
    }
    if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`) return json(res, { ok: false, error: 'invalid_auth' });
    json(res, api(method, params));
  }

  function api(method: string, p: Record<string, string>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://school.slack.com/', team: 'School', user: 'shikshasetu', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        if (fakeApi.notInChannel.has(p.channel ?? '')) return { ok: false, error: 'not_in_channel' };
        const ts = nextTs();
        messages.push({ method, channel: p.channel ?? '', ...(p.thread_ts ? { thread_ts: p.thread_ts } : {}), ts, text: p.text ?? '', ...(p.user ? { user: p.user } : {}), params: p, at: Date.now() });
        return method === 'chat.postMessage' ? { ok: true, channel: p.channel, ts, message: { text: p.text, ts, user: BOT_USER_ID, bot_id: BOT_ID } } : { ok: true, message_ts: ts };
      }
      case 'chat.update':
        updates.push({ channel: p.channel ?? '', ts: p.ts ?? '', text: p.text ?? '', at: Date.now() });
        return { ok: true, channel: p.channel, ts: p.ts, text: p.text };
      case 'files.getUploadURLExternal': {
        const id = `FUP${++fileCounter}`;
        pendingUploads.set(id, { filename: p.filename ?? '', length: Number(p.length) });
        return { ok: true, upload_url: `${origin}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = JSON.parse(p.files ?? '[]') as Array<{ id: string; title?: string }>;
        for (const f of list) {
          const pending = pendingUploads.get(f.id);
          if (!pending?.bytes) return { ok: false, error: 'file_upload_not_found' };
          uploads.push({ fileId: f.id, filename: pending.filename, ...(f.title ? { title: f.title } : {}), ...(p.channel_id ? { channel_id: p.channel_id } : {}), ...(p.thread_ts ? { thread_ts: p.thread_ts } : {}), bytes: pending.bytes, at: Date.now() });
        }
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'files.info': {
        const file = files.get(p.file ?? '');
        return file ? { ok: true, file: describeFile(file) } : { ok: false, error: 'file_not_found' };
      }
      case 'conversations.history':
        return { ok: true, messages: histories.get(p.channel ?? '') ?? [], has_more: false };
      case 'conversations.replies':
        return { ok: true, messages: (histories.get(p.channel ?? '') ?? []).filter((m) => m.thread_ts === p.ts || m.ts === p.ts), has_more: false };
      case 'views.publish':
        return { ok: true, view: JSON.parse(p.view ?? '{}') as unknown };
      case 'users.info': {
        if (fakeApi.missingScopes.has('users:read')) return { ok: false, error: 'missing_scope', needed: 'users:read', provided: 'chat:write,commands,files:read,files:write' };
        if (!p.user) return { ok: false, error: 'user_not_found' };
        // Like Slack: the locale only with include_locale=true.
        const locale = p.include_locale === 'true' ? { locale: fakeApi.locales.get(p.user) ?? 'en-US' } : {};
        return { ok: true, user: { id: p.user, team_id: TEAM_ID, name: p.user.toLowerCase(), deleted: false, is_bot: false, tz: 'Asia/Kolkata', ...locale } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function describeFile(file: HostedFile): Record<string, unknown> {
    return {
      id: file.id,
      name: file.name,
      title: file.name,
      mimetype: file.mimetype,
      filetype: file.name.split('.').pop(),
      size: file.bytes.length,
      mode: 'hosted',
      is_external: false,
      url_private: `${origin}/files-pri/${TEAM_ID}-${file.id}/${encodeURIComponent(file.name)}`,
      url_private_download: `${origin}/files-pri/${TEAM_ID}-${file.id}/download/${encodeURIComponent(file.name)}`,
    };
  }

  function download(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const id = url.pathname.split('/')[2]?.split('-')[1] ?? '';
    downloads.push({ id, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), at: Date.now() });
    const file = files.get(id);
    if (!file || file.serve === 'not-found') {
      res.writeHead(404).end();
      return;
    }
    // Like Slack: no token, a wrong one, or a token without files:read all get the sign-in page.
    if (file.serve === 'sign-in' || req.headers.authorization !== `Bearer ${BOT_TOKEN}`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SIGN_IN_PAGE);
      return;
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) }).end(file.bytes);
  }

  async function receiveUpload(url: URL, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const id = url.pathname.split('/')[2] ?? '';
    const pending = pendingUploads.get(id);
    if (!pending) {
      res.writeHead(404).end();
      return;
    }
    // The WebClient posts the bytes as multipart/form-data; undici's Request parses it.
    const type = req.headers['content-type'] ?? 'application/octet-stream';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request(url, { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
      pending.bytes = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else {
      pending.bytes = raw;
    }
    res.writeHead(200).end(`OK - ${pending.bytes.length}`);
  }

  const fakeApi: FakeSlackApi = {
    socketUrl: '',
    notInChannel: new Set(),
    locales: new Map(),
    missingScopes: new Set(),
    apiUrl: `${origin}/api/`,
    origin,
    calls,
    messages,
    updates,
    uploads,
    responses,
    downloads,
    hostFile(file) {
      files.set(file.id, file);
      return describeFile(file);
    },
    setHistory(channel, list) {
      histories.set(channel, list);
    },
    rateLimitNext(method, seconds) {
      rateLimits.set(method, [...(rateLimits.get(method) ?? []), seconds]);
    },
    delay(method, ms) {
      delays.set(method, ms);
    },
    responseUrl: (id) => `${origin}/response/${id}`,
    async waitFor(probe, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error('fake Slack API: condition not met in time');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fakeApi;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, body: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/**
 * What Slack would turn into a notification if it rendered this message text: broadcast and
 * user/group mentions in Slack markup, and (with link_names) bare @channel/@here/@everyone.
 * Also disguised links (<url|label>).
 */
export function pingsIn(text: string, params: Record<string, string> = {}): string[] {
  const found = [...text.matchAll(/<(![a-z^A-Z0-9|@.-]+|@[UW][A-Z0-9]+(?:\|[^>]*)?|#[C][A-Z0-9]+(?:\|[^>]*)?|(?:https?|mailto):[^>]*)>/g)].map((m) => m[0]);
  if (params.link_names === 'true' || params.link_names === '1') found.push(...[...text.matchAll(/@(channel|here|everyone)\b/g)].map((m) => m[0]));
  if (params.parse === 'full') found.push(...[...text.matchAll(/@(channel|here|everyone)\b/g)].map((m) => m[0]));
  return found;
}
