import { createServer, type Socket } from 'node:net';

export interface ClosingResponse {
  status?: number;
  headers?: Record<string, string>;
  body: Buffer;
  /** Send Content-Length (the default); false leaves the body delimited by the close alone. */
  contentLength?: boolean;
}

export interface ClosingHttpServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Request lines seen, e.g. "GET /file/bot123/a.jpg HTTP/1.1". */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A raw TCP HTTP/1.1 server on 127.0.0.1 (node:net, no http module smoothing anything over): each
 * request gets the whole response in one write with `Connection: close`, then FIN at once. With a
 * slow reader on the other side this is the shape that crashed the npm undici 7 parser
 * (nodejs/undici#5360): the socket ends while the parser is paused under backpressure.
 */
export async function startClosingHttpServer(respond: (requestLine: string) => ClosingResponse): Promise<ClosingHttpServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', function onData(chunk: Buffer) {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      const requestLine = head.slice(0, head.indexOf('\r\n'));
      requests.push(requestLine);
      const response = respond(requestLine);
      const lines = [`HTTP/1.1 ${response.status ?? 200} OK`, 'Connection: close', 'Content-Type: application/octet-stream'];
      if (response.contentLength !== false) lines.push(`Content-Length: ${response.body.length}`);
      for (const [name, value] of Object.entries(response.headers ?? {})) lines.push(`${name}: ${value}`);
      socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), response.body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A fetch whose caller reads the body only after `delayMs`: the slow reader of the crash. */
export function slowReaderFetch(delayMs: number, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return response;
  };
}
