import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import { parseTelegramHtml } from './parse-telegram-html.js';
import { ProbeWaiters } from '../support/probe-waiters.js';

/**
 * The project's own fake Telegram Bot API: a real HTTP server on 127.0.0.1 that grammY talks to
 * through TELEGRAM_API_ROOT, exactly as it talks to api.telegram.org. It keeps what a test needs
 * to assert on (every call with its parameters, uploads and timestamps) and checks what Telegram
 * checks: the token, HTML entities ("can't parse entities"), the 4096-character limit, empty
 * texts, editing a message to its own text. Tests can make the next call of a method fail
 * (e.g. 429 with retry_after) and can declare a file bigger than its bytes.
 */

export interface FakeUpload {
  name: string;
  type: string;
  bytes: Buffer;
}

export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  /** Files sent as multipart parts, by field name (the field the method names, e.g. "voice"). */
  files: Record<string, FakeUpload>;
  /** performance.now() when the request arrived. */
  at: number;
  /** Whether it succeeded, and what it returned then (e.g. the sent message). */
  ok: boolean;
  result?: unknown;
}

export interface FakeFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

interface PlannedFailure {
  failure: FakeFailure;
  chatId?: number;
}

export interface FakeFile {
  file_id: string;
  file_unique_id: string;
  /** What messages and getFile declare; absent when the test wants the size unknown. */
  file_size?: number;
}

interface StoredFile extends FakeFile {
  bytes: Buffer;
  filePath: string;
  chunked: boolean;
}

interface StoredMessage {
  text: string;
  chatId: number;
}

export interface FakeBotApiOptions {
  /** Defaults to a random valid-looking token. */
  token?: string;
  /** Defaults to "shiksha_test_bot". */
  username?: string;
}

export class FakeBotApi {
  readonly calls: FakeCall[] = [];
  /** file_path of every file download served. */
  readonly downloads: string[] = [];
  readonly token: string;
  readonly botInfo;
  private readonly updates: Array<Record<string, unknown> & { update_id: number }> = [];
  private readonly pushed = new Map<number, number>();
  private readonly files = new Map<string, StoredFile>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly failures = new Map<string, PlannedFailure[]>();
  private readonly history = new Map<number, Record<string, unknown> & { update_id: number }>();
  private readonly waiters = new ProbeWaiters('fake Bot API');
  private readonly pollers = new Set<() => void>();
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private nextUserMessageId = 100_000;
  private confirmedOffset = 0;

  private constructor(
    private readonly server: Server,
    options: FakeBotApiOptions,
  ) {
    this.token = options.token ?? `123456789:${randomUUID().replace(/-/g, '')}`;
    const id = Number(this.token.split(':')[0]);
    this.botInfo = {
      id,
      is_bot: true as const,
      first_name: 'ShikshaSetu Test',
      username: options.username ?? 'shiksha_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
    };
  }

  static async start(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
    const server = createServer();
    const fake = new FakeBotApi(server, options);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** What TELEGRAM_API_ROOT is set to. */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues an update for getUpdates; returns its update_id (assigned unless given). */
  pushUpdate(update: Record<string, unknown>): number {
    const update_id = typeof update.update_id === 'number' ? update.update_id : this.nextUpdateId++;
    this.updates.push({ ...update, update_id });
    this.history.set(update_id, { ...update, update_id });
    this.pushed.set(update_id, performance.now());
    this.pollers.forEach((wake) => wake());
    return update_id;
  }

  /** performance.now() when the update was made available. */
  pushedAt(updateId: number): number | undefined {
    return this.pushed.get(updateId);
  }

  /** The offset the bot confirmed with its last getUpdates: every update below it is done. */
  get offset(): number {
    return this.confirmedOffset;
  }

  /**
   * Stores a file the bot can getFile and download. declaredSize null leaves file_size out;
   * chunked serves the download without Content-Length.
   */
  addFile(bytes: Buffer, options: { declaredSize?: number | null; absolutePath?: string; chunked?: boolean } = {}): FakeFile {
    const file_id = `file-${randomUUID()}`;
    const file_unique_id = randomUUID().slice(0, 12);
    const declared = options.declaredSize === undefined ? bytes.length : options.declaredSize;
    const stored: StoredFile = {
      file_id,
      file_unique_id,
      ...(declared === null ? {} : { file_size: declared }),
      bytes,
      filePath: options.absolutePath ?? `documents/file_${this.files.size}.bin`,
      chunked: options.chunked ?? false,
    };
    this.files.set(file_id, stored);
    return { file_id, file_unique_id, ...(declared === null ? {} : { file_size: declared }) };
  }

  /** The next `times` calls of the method (to that chat, when given) fail with this error. */
  failNext(method: string, failure: FakeFailure, options: { times?: number; chatId?: number } = {}): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) list.push({ failure, chatId: options.chatId });
    this.failures.set(method, list);
  }

  /**
   * Delivers an update again, as Telegram does when a bot process died before confirming it: the
   * confirmed offset goes back below it. A running bot asks past it and never sees it; the next
   * process to poll does.
   */
  redeliver(updateId: number): void {
    const update = this.history.get(updateId);
    if (!update) throw new Error(`no update ${updateId} was pushed`);
    this.updates.push({ ...update });
    this.updates.sort((a, b) => a.update_id - b.update_id);
    this.confirmedOffset = Math.min(this.confirmedOffset, updateId);
  }

  callsOf(method: string, chatId?: number): FakeCall[] {
    return this.calls.filter((c) => c.method === method && (chatId === undefined || Number(c.params.chat_id) === chatId));
  }

  /** Texts the bot sent to a chat (sendMessage, successful), in order. */
  textsTo(chatId: number): string[] {
    return this.callsOf('sendMessage', chatId)
      .filter((c) => c.ok)
      .map((c) => String(c.params.text));
  }

  /** Resolves with the first truthy value of probe(), checked after every call; rejects after timeoutMs. */
  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
    return this.waiters.waitFor(probe, timeoutMs, what);
  }

  /** A user message as Telegram delivers it; fields override the defaults. */
  message(chatId: number, fields: Record<string, unknown>, from: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      message: {
        message_id: this.nextUserMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: chatId > 0 ? 'private' : 'group', first_name: 'Parent', ...(chatId < 0 ? { title: 'Class group' } : {}) },
        from: { id: chatId > 0 ? chatId : 4242, is_bot: false, first_name: 'Parent', language_code: 'en', ...from },
        ...fields,
      },
    };
  }

  /** A photo message: the file in three sizes, as Telegram sends them (largest last). */
  photoMessage(chatId: number, bytes: Buffer, options: { caption?: string; from?: Record<string, unknown> } = {}): Record<string, unknown> {
    const big = this.addFile(bytes);
    const small = this.addFile(bytes.subarray(0, Math.min(bytes.length, 200)));
    return this.message(
      chatId,
      {
        photo: [
          { ...small, width: 90, height: 120 },
          { ...small, width: 320, height: 427 },
          { ...big, width: 1200, height: 1600 },
        ],
        ...(options.caption ? { caption: options.caption } : {}),
      },
      options.from,
    );
  }

  callbackQuery(chatId: number, data: string, messageId: number, from: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      callback_query: {
        id: randomUUID(),
        chat_instance: 'ci-1',
        data,
        from: { id: chatId, is_bot: false, first_name: 'Parent', language_code: 'en', ...from },
        message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: 'Parent' }, text: 'keyboard' },
      },
    };
  }

  async close(): Promise<void> {
    this.pollers.forEach((wake) => wake());
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    try {
      const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (fileMatch && req.method === 'GET') return this.serveFile(fileMatch[1]!, decodeURIComponent(fileMatch[2]!), res);
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      if (match[1] !== this.token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = match[2]!;
      const { params, files } = await readBody(req);
      // grammY uploads files as separate parts referenced by "attach://<part>"; index them by the method's field too.
      for (const [name, value] of Object.entries(params)) {
        if (typeof value === 'string' && value.startsWith('attach://') && files[value.slice(9)]) files[name] = files[value.slice(9)]!;
      }
      const call: FakeCall = { method, params, files, at, ok: false };
      this.calls.push(call);
      const failure = this.takeFailure(method, Number(params.chat_id));
      const outcome = failure ? { ok: false as const, ...failure } : await this.answer(method, params, files);
      call.ok = outcome.ok;
      if (outcome.ok) call.result = outcome.result;
      this.waiters.checkAll();
      if (res.destroyed) return;
      send(res, outcome.ok ? 200 : outcome.error_code, outcome);
    } catch (err) {
      send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
    }
  }

  private takeFailure(method: string, chatId: number): FakeFailure | undefined {
    const list = this.failures.get(method);
    const index = list?.findIndex((f) => f.chatId === undefined || f.chatId === chatId) ?? -1;
    if (!list || index < 0) return undefined;
    return list.splice(index, 1)[0]!.failure;
  }

  private serveFile(token: string, filePath: string, res: ServerResponse): void {
    const file = [...this.files.values()].find((f) => f.filePath === filePath);
    if (token !== this.token || !file) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    this.downloads.push(filePath);
    this.waiters.checkAll();
    if (file.chunked) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      // Written in pieces, so a reader that stops early really stops a stream.
      const piece = 64 * 1024;
      let offset = 0;
      const writeMore = () => {
        while (offset < file.bytes.length) {
          const ok = res.write(file.bytes.subarray(offset, (offset += piece)));
          if (!ok) return void res.once('drain', writeMore);
        }
        res.end();
      };
      res.on('close', () => (offset = file.bytes.length));
      writeMore();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
    res.end(file.bytes);
  }

  private async answer(method: string, params: Record<string, unknown>, files: Record<string, FakeUpload>): Promise<{ ok: true; result: unknown } | ({ ok: false } & FakeFailure)> {
    const ok = (result: unknown) => ({ ok: true as const, result });
    const bad = (description: string) => ({ ok: false as const, error_code: 400, description: `Bad Request: ${description}` });
    const chatId = Number(params.chat_id);
    switch (method) {
      case 'getMe':
        return ok(this.botInfo);
      case 'deleteWebhook':
      case 'setWebhook':
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return ok(true);
      case 'sendChatAction':
        if (!Number.isFinite(chatId)) return bad('chat not found');
        if (!['typing', 'record_voice', 'upload_voice', 'upload_document'].includes(String(params.action))) return bad('wrong parameter action in request');
        return ok(true);
      case 'getUpdates':
        return ok(await this.getUpdates(params));
      case 'getFile': {
        const file = this.files.get(String(params.file_id));
        if (!file) return bad('invalid file_id');
        return ok({ file_id: file.file_id, file_unique_id: file.file_unique_id, ...(file.file_size !== undefined ? { file_size: file.file_size } : {}), file_path: file.filePath });
      }
      case 'sendMessage': {
        if (!Number.isFinite(chatId)) return bad('chat not found');
        const text = checkText(String(params.text ?? ''), params.parse_mode);
        if ('error' in text) return bad(text.error);
        const message_id = this.nextMessageId++;
        this.messages.set(`${chatId}:${message_id}`, { text: text.plain, chatId });
        return ok({ message_id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: text.plain });
      }
      case 'editMessageText': {
        const key = `${chatId}:${Number(params.message_id)}`;
        const stored = this.messages.get(key);
        if (!stored) return bad('message to edit not found');
        const text = checkText(String(params.text ?? ''), params.parse_mode);
        if ('error' in text) return bad(text.error);
        if (text.plain === stored.text && params.reply_markup === undefined) {
          return bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
        }
        stored.text = text.plain;
        return ok({ message_id: Number(params.message_id), date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: text.plain });
      }
      case 'sendVoice': {
        if (!Number.isFinite(chatId)) return bad('chat not found');
        const voice = resolveUpload(params.voice, files, 'voice');
        if (!voice) return bad('there is no voice in the request');
        const message_id = this.nextMessageId++;
        return ok({ message_id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, voice: { file_id: `voice-${message_id}`, file_unique_id: `v${message_id}`, duration: Number(params.duration ?? 0), file_size: voice.bytes.length } });
      }
      case 'sendDocument': {
        if (!Number.isFinite(chatId)) return bad('chat not found');
        const document = resolveUpload(params.document, files, 'document');
        if (!document) return bad('there is no document in the request');
        if (String(params.caption ?? '').length > 1024) return bad('message caption is too long');
        const message_id = this.nextMessageId++;
        return ok({ message_id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, document: { file_id: `doc-${message_id}`, file_unique_id: `d${message_id}`, file_name: document.name, file_size: document.bytes.length } });
      }
      default:
        return { ok: false, error_code: 404, description: 'Not Found' };
    }
  }

  private async getUpdates(params: Record<string, unknown>): Promise<unknown[]> {
    const offset = Number(params.offset ?? 0);
    if (offset > this.confirmedOffset) this.confirmedOffset = offset;
    const pending = () => this.updates.filter((u) => u.update_id >= this.confirmedOffset);
    // Confirmed updates are forgotten, as Telegram forgets them.
    for (let i = this.updates.length - 1; i >= 0; i--) if (this.updates[i]!.update_id < this.confirmedOffset) this.updates.splice(i, 1);
    const limit = Math.min(Number(params.limit ?? 100) || 100, 100);
    if (pending().length === 0) {
      const timeoutSec = Math.min(Number(params.timeout ?? 0) || 0, 50);
      if (timeoutSec > 0) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.pollers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, timeoutSec * 1000);
          this.pollers.add(wake);
        });
      }
    }
    return pending().slice(0, limit);
  }
}

function checkText(text: string, parseMode: unknown): { plain: string } | { error: string } {
  let plain = text;
  if (parseMode === 'HTML') {
    const parsed = parseTelegramHtml(text);
    if ('error' in parsed) return { error: `can't parse entities: ${parsed.error}` };
    plain = parsed.text;
  } else if (parseMode !== undefined) {
    return { error: `unsupported parse_mode ${String(parseMode)} in this fake` };
  }
  if (plain.trim().length === 0) return { error: 'message text is empty' };
  // Telegram counts UTF-16 code units of the text after entity parsing.
  if (plain.length > 4096) return { error: 'message is too long' };
  return { plain };
}

function resolveUpload(value: unknown, files: Record<string, FakeUpload>, field: string): FakeUpload | undefined {
  if (typeof value === 'string' && value.startsWith('attach://')) return files[value.slice('attach://'.length)];
  return files[field];
}

async function readBody(req: IncomingMessage): Promise<{ params: Record<string, unknown>; files: Record<string, FakeUpload> }> {
  const type = req.headers['content-type'] ?? '';
  const params: Record<string, unknown> = {};
  const files: Record<string, FakeUpload> = {};
  if (type.startsWith('multipart/form-data')) {
    // grammY writes "content-disposition:form-data;name=..." without spaces and unquoted file
    // names, which Telegram accepts and undici's strict FormData parser rejects; busboy reads it.
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({ headers: req.headers, limits: { fileSize: 100_000_000 } });
      const pending: Array<Promise<void>> = [];
      parser.on('field', (name, value) => (params[name] = parseField(value)));
      parser.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        pending.push(
          new Promise<void>((done, fail) => {
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('end', () => {
              files[name] = { name: info.filename, type: info.mimeType, bytes: Buffer.concat(chunks) };
              params[name] ??= `attach://${name}`;
              done();
            });
            stream.on('error', fail);
          }),
        );
      });
      parser.on('close', () => void Promise.all(pending).then(() => resolve(), reject));
      parser.on('error', reject);
      req.pipe(parser);
    });
    return { params, files };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return { params, files };
  if (type.startsWith('application/json')) return { params: JSON.parse(body.toString('utf8')) as Record<string, unknown>, files };
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params[name] = parseField(value);
  }
  return { params, files };
}

function parseField(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
