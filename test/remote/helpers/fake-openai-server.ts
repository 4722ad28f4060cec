import http from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or the multipart fields (files as { filename, mimeType, bytes }). */
  body: unknown;
  /** True once the client closed the connection before we answered (an abort reached the socket). */
  aborted: boolean;
}

export type Reply =
  | { status: number; json?: unknown; body?: Buffer | string; headers?: Record<string, string> }
  | 'hang'
  | 'destroy';

export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

/**
 * An OpenAI-compatible server on 127.0.0.1 whose answers the test scripts per route: real HTTP,
 * real multipart, real sockets (so hangs, aborts and dropped connections are what fetch sees).
 */
export async function startFakeOpenAiServer(handlers: Record<string, Handler>): Promise<{
  baseUrl: string;
  requests: RecordedRequest[];
  setHandler: (route: string, handler: Handler) => void;
  close: () => Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').replace(/^\/v1/, '');
      const recorded: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body: await readBody(req), aborted: false };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableEnded) recorded.aborted = true;
      });
      const handler = handlers[path];
      const index = counts.get(path) ?? 0;
      counts.set(path, index + 1);
      const reply: Reply = handler ? await handler(recorded, index) : { status: 404, json: { error: { code: 'not_found' } } };
      if (reply === 'hang') return;
      if (reply === 'destroy') {
        req.socket.destroy();
        return;
      }
      const body = reply.json !== undefined ? JSON.stringify(reply.json) : reply.body ?? '';
      res.writeHead(reply.status, { 'content-type': reply.json !== undefined ? 'application/json' : 'application/octet-stream', ...reply.headers });
      res.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setHandler: (route, handler) => {
      handlers[route] = handler;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    return new Promise((resolve, reject) => {
      const fields: Record<string, unknown> = {};
      const parser = busboy({ headers: req.headers });
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        const parts: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => parts.push(chunk));
        stream.on('end', () => {
          fields[name] = { filename: info.filename, mimeType: info.mimeType, bytes: Buffer.concat(parts) };
        });
      });
      parser.on('close', () => resolve(fields));
      parser.on('error', reject);
      req.pipe(parser);
    });
  }
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return text;
  }
}

/** A chat completion answer in OpenAI's shape. */
export function chatAnswer(content: string, model = 'test-model'): Reply {
  return { status: 200, json: { id: 'chatcmpl-1', object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] } };
}

/** The data fenced in a chat request's user turn (what the service asked the model to rewrite). */
export function fencedData(request: RecordedRequest): string {
  const messages = (request.body as { messages: Array<{ role: string; content: string }> }).messages;
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const match = /<<<(DATA-[0-9a-f]+)>>>\n([\s\S]*)\n<<<END-\1>>>/u.exec(user);
  if (!match) throw new Error('no fenced data in the user turn');
  return match[2]!;
}

/** A 16-bit mono WAV of a sine tone, as a speech endpoint would send. */
export function sineWav(seconds: number, sampleRate = 24_000, frequency = 220): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 12000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
