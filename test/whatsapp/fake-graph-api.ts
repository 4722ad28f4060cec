import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import { ProbeWaiters } from '../support/probe-waiters.js';

/**
 * The project's own fake WhatsApp Cloud API: a real HTTP server on 127.0.0.1 that the adapter
 * talks to through WHATSAPP_API_URL, exactly as it talks to graph.facebook.com. It answers the
 * calls the adapter makes (messages, mark-as-read, media metadata, media download, media upload)
 * with the documented shapes, checks what Meta checks (the bearer token, 4096-character texts,
 * list limits), keeps every call for the test to assert on, and can be told to fail the next
 * calls with a Graph error (130429, 131047, 190...). It also builds webhook deliveries signed
 * with the real X-Hub-Signature-256.
 */

export const GRAPH_VERSION = 'v23.0';

export interface GraphCall {
  /** 'message', 'read', 'media-info', 'download', 'upload'. */
  kind: 'message' | 'read' | 'media-info' | 'download' | 'upload';
  body: Record<string, unknown>;
  /** Multipart upload: the form fields and the file. */
  upload?: { fields: Record<string, string>; fileType: string; fileName: string; bytes: Buffer };
  at: number;
  ok: boolean;
}

export interface GraphFailure {
  status: number;
  code: number;
  message?: string;
  retryAfterSec?: number;
}

interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
  /** What GET /{media-id} declares; defaults to the real size. */
  declaredSize?: number;
}

export class FakeGraphApi {
  readonly calls: GraphCall[] = [];
  readonly token = `EAAFakeToken${Math.random().toString(36).slice(2)}ZZZZZZZZZZZZZZZZZZ`;
  readonly phoneNumberId = '106540352242922';
  readonly appSecret = 'fake-app-secret-0123456789abcdef';
  readonly verifyToken = 'fake-verify-token';
  private readonly media = new Map<string, StoredMedia>();
  private readonly failures = new Map<GraphCall['kind'], GraphFailure[]>();
  private readonly waiters = new ProbeWaiters('fake Graph API');
  private tokenExpired = false;
  private mediaGate: Promise<void> | null = null;
  private nextId = 1;
  private server!: Server;
  private origin = '';

  static async start(): Promise<FakeGraphApi> {
    const fake = new FakeGraphApi();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.origin = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** WHATSAPP_API_URL for the adapter. */
  get apiUrl(): string {
    return `${this.origin}/${GRAPH_VERSION}`;
  }

  /** The settings that start the adapter against this fake. */
  env(): Record<string, string> {
    return { WHATSAPP_ACCESS_TOKEN: this.token, WHATSAPP_PHONE_NUMBER_ID: this.phoneNumberId, WHATSAPP_APP_SECRET: this.appSecret, WHATSAPP_VERIFY_TOKEN: this.verifyToken, WHATSAPP_API_URL: this.apiUrl };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addMedia(bytes: Buffer, mimeType: string, declaredSize?: number): string {
    const id = `${1000 + this.nextId++}`;
    this.media.set(id, { bytes, mimeType, ...(declaredSize !== undefined ? { declaredSize } : {}) });
    return id;
  }

  /** The next `times` calls of this kind fail with the given Graph error. */
  failNext(kind: GraphCall['kind'], failure: GraphFailure, times = 1): void {
    const list = this.failures.get(kind) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(kind, list);
  }

  /** Holds every media metadata request (so every job waits before its download) until the returned release is called. */
  holdMedia(): () => void {
    let release = () => undefined as void;
    this.mediaGate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.mediaGate = null;
      release();
    };
  }

  /** Every call is answered 401 with code 190 until restoreToken(). */
  expireToken(): void {
    this.tokenExpired = true;
  }

  restoreToken(): void {
    this.tokenExpired = false;
  }

  /** Messages sent to a user that succeeded, in order. */
  sentTo(to: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.kind === 'message' && c.ok && c.body.to === to).map((c) => c.body);
  }

  textsTo(to: string): string[] {
    return this.sentTo(to).filter((m) => m.type === 'text').map((m) => String((m.text as { body: string }).body));
  }

  listsTo(to: string): Array<{ body: string; button: string; rows: Array<{ id: string; title: string }> }> {
    return this.sentTo(to)
      .filter((m) => m.type === 'interactive')
      .map((m) => {
        const interactive = m.interactive as { body: { text: string }; action: { button: string; sections: Array<{ rows: Array<{ id: string; title: string }> }> } };
        return { body: interactive.body.text, button: interactive.action.button, rows: interactive.action.sections.flatMap((s) => s.rows) };
      });
  }

  audiosTo(to: string): Array<Record<string, unknown>> {
    return this.sentTo(to).filter((m) => m.type === 'audio');
  }

  /** Documents sent to a user: the message's fields and the bytes uploaded under its media id. */
  documentsTo(to: string): Array<{ id: string; filename: string; caption: string; bytes: Buffer | undefined; mimeType: string | undefined }> {
    return this.sentTo(to)
      .filter((m) => m.type === 'document')
      .map((m) => {
        const document = m.document as { id: string; filename?: string; caption?: string };
        const stored = this.media.get(document.id);
        return { id: document.id, filename: document.filename ?? '', caption: document.caption ?? '', bytes: stored?.bytes, mimeType: stored?.mimeType };
      });
  }

  callsOf(kind: GraphCall['kind']): GraphCall[] {
    return this.calls.filter((c) => c.kind === kind);
  }

  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
    return this.waiters.waitFor(probe, timeoutMs, what);
  }

  // ---- webhook deliveries, as Meta sends them ----

  /** A `messages` webhook body carrying the given messages from one user. */
  delivery(from: string, messages: Array<Record<string, unknown>>): Record<string, unknown> {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: this.phoneNumberId },
                contacts: [{ profile: { name: 'Parent' }, wa_id: from }],
                messages: messages.map((m) => ({ from, id: `wamid.${this.nextId++}${Math.random().toString(36).slice(2, 10)}`, timestamp: String(Math.floor(Date.now() / 1000)), ...m })),
              },
            },
          ],
        },
      ],
    };
  }

  statusDelivery(statuses: Array<Record<string, unknown>>): Record<string, unknown> {
    return {
      object: 'whatsapp_business_account',
      entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: this.phoneNumberId }, statuses } }] }],
    };
  }

  text(body: string): Record<string, unknown> {
    return { type: 'text', text: { body } };
  }

  image(mediaId: string, caption?: string): Record<string, unknown> {
    return { type: 'image', image: { id: mediaId, mime_type: 'image/jpeg', sha256: 'x', ...(caption ? { caption } : {}) } };
  }

  document(mediaId: string, mimeType: string, filename: string): Record<string, unknown> {
    return { type: 'document', document: { id: mediaId, mime_type: mimeType, sha256: 'x', filename } };
  }

  listReply(id: string, title = ''): Record<string, unknown> {
    return { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title } } };
  }

  /** Posts a delivery to the service's webhook, signed with the app secret (or the given signature). */
  async post(webhookUrl: string, body: Record<string, unknown> | string, signature?: string | null): Promise<Response> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const sig = signature === undefined ? `sha256=${createHmac('sha256', this.appSecret).update(raw).digest('hex')}` : signature;
    if (sig !== null) headers['x-hub-signature-256'] = sig;
    return fetch(webhookUrl, { method: 'POST', headers, body: raw });
  }

  // ---- the server ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const authorized = req.headers.authorization === `Bearer ${this.token}` && !this.tokenExpired;
    const media = /^\/media\/(\d+)$/.exec(url.pathname);
    if (media) {
      const stored = this.media.get(media[1]!);
      const call = this.record('download', { mediaId: media[1] }, authorized && !!stored);
      if (!authorized) return this.fail(res, call, { status: 401, code: 190, message: 'Error validating access token: Session has expired' });
      if (!stored) return this.fail(res, call, { status: 404, code: 100, message: 'not found' });
      res.writeHead(200, { 'content-type': stored.mimeType, 'content-length': stored.bytes.length });
      res.end(stored.bytes);
      return;
    }
    const prefix = `/${GRAPH_VERSION}/`;
    if (!url.pathname.startsWith(prefix)) return this.plain(res, 404, { error: { message: 'Unknown path', code: 803 } });
    const path = url.pathname.slice(prefix.length);

    if (req.method === 'GET' && /^\d+$/.test(path)) {
      if (this.mediaGate) await this.mediaGate;
      const stored = this.media.get(path);
      const call = this.record('media-info', { mediaId: path }, authorized && !!stored);
      if (!authorized) return this.fail(res, call, { status: 401, code: 190, message: 'Error validating access token: Session has expired' });
      if (!this.takeFailure('media-info', res, call)) return;
      if (!stored) return this.fail(res, call, { status: 400, code: 100, message: 'Unsupported get request' });
      return this.plain(res, 200, { messaging_product: 'whatsapp', url: `${this.origin}/media/${path}`, mime_type: stored.mimeType, sha256: 'x', file_size: String(stored.declaredSize ?? stored.bytes.length), id: path });
    }

    if (req.method === 'POST' && path === `${this.phoneNumberId}/media`) {
      const upload = await readUpload(req);
      const call = this.record('upload', {}, authorized);
      call.upload = upload;
      if (!authorized) return this.fail(res, call, { status: 401, code: 190, message: 'Error validating access token' });
      if (!this.takeFailure('upload', res, call)) return;
      if (upload.fields.messaging_product !== 'whatsapp' || upload.bytes.length === 0) return this.fail(res, call, { status: 400, code: 100, message: 'messaging_product and file are required' });
      const id = this.addMedia(upload.bytes, upload.fileType);
      call.body = { id };
      return this.plain(res, 200, { id });
    }

    if (req.method === 'POST' && path === `${this.phoneNumberId}/messages`) {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
      const kind = body.status === 'read' ? 'read' : 'message';
      const call = this.record(kind, body, authorized);
      if (!authorized) return this.fail(res, call, { status: 401, code: 190, message: 'Error validating access token: Session has expired' });
      if (!this.takeFailure(kind, res, call)) return;
      const problem = kind === 'message' ? checkMessage(body) : typeof body.message_id === 'string' ? null : 'message_id is required';
      if (problem) return this.fail(res, call, { status: 400, code: 131009, message: `(#131009) Parameter value is not valid: ${problem}` });
      if (kind === 'read') return this.plain(res, 200, { success: true });
      return this.plain(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.out${this.nextId++}` }] });
    }
    this.plain(res, 400, { error: { message: 'Unsupported request', code: 100 } });
  }

  private takeFailure(kind: GraphCall['kind'], res: ServerResponse, call: GraphCall): boolean {
    const failure = this.failures.get(kind)?.shift();
    if (!failure) return true;
    this.fail(res, call, failure);
    return false;
  }

  private record(kind: GraphCall['kind'], body: Record<string, unknown>, ok: boolean): GraphCall {
    const call: GraphCall = { kind, body, at: performance.now(), ok };
    this.calls.push(call);
    queueMicrotask(() => this.waiters.checkAll());
    return call;
  }

  private fail(res: ServerResponse, call: GraphCall, failure: GraphFailure): void {
    call.ok = false;
    const headers: Record<string, string> = failure.retryAfterSec !== undefined ? { 'retry-after': String(failure.retryAfterSec) } : {};
    this.plain(res, failure.status, { error: { message: failure.message ?? `(#${failure.code}) failure`, type: 'OAuthException', code: failure.code, error_data: { messaging_product: 'whatsapp', details: failure.message ?? '' }, fbtrace_id: 'AbCdEf' } }, headers);
    queueMicrotask(() => this.waiters.checkAll());
  }

  private plain(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

/** What Meta refuses in a message: empty or over-long text, lists over their limits. */
function checkMessage(body: Record<string, unknown>): string | null {
  if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string') return 'messaging_product and to are required';
  if (body.type === 'text') {
    const text = (body.text as { body?: unknown } | undefined)?.body;
    if (typeof text !== 'string' || text.trim() === '') return 'text.body is empty';
    if (text.length > 4096) return 'text.body is longer than 4096 characters';
    return null;
  }
  if (body.type === 'interactive') {
    const i = body.interactive as { type?: string; body?: { text?: string }; action?: { button?: string; sections?: Array<{ title?: string; rows?: Array<{ id?: string; title?: string }> }> } };
    const rows = i.action?.sections?.flatMap((s) => s.rows ?? []) ?? [];
    if (i.type !== 'list' || !i.body?.text || !i.action?.button) return 'list needs body and button';
    if (i.action.button.length > 20) return 'button is longer than 20 characters';
    if (rows.length === 0 || rows.length > 10) return `a list has 1 to 10 rows, not ${rows.length}`;
    if (rows.some((r) => !r.id || !r.title || r.title.length > 24)) return 'a row title is missing or longer than 24 characters';
    if (new Set(rows.map((r) => r.id)).size !== rows.length) return 'row ids must be unique';
    return null;
  }
  if (body.type === 'audio') return typeof (body.audio as { id?: unknown } | undefined)?.id === 'string' ? null : 'audio.id is required';
  if (body.type === 'document') {
    const document = body.document as { id?: unknown; filename?: unknown; caption?: unknown } | undefined;
    if (typeof document?.id !== 'string') return 'document.id is required';
    if (document.filename !== undefined && typeof document.filename !== 'string') return 'document.filename must be text';
    if (typeof document.caption === 'string' && document.caption.length > 1024) return 'document.caption is longer than 1024 characters';
    return null;
  }
  return `unsupported type ${String(body.type)}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function readUpload(req: IncomingMessage): Promise<NonNullable<GraphCall['upload']>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file = { fileType: '', fileName: '', bytes: Buffer.alloc(0) };
    const parser = busboy({ headers: req.headers });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (file = { fileType: info.mimeType, fileName: info.filename, bytes: Buffer.concat(chunks) }));
    });
    parser.on('close', () => resolve({ fields, ...file }));
    parser.on('error', reject);
    req.pipe(parser);
  });
}
