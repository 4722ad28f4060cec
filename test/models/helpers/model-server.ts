import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** Cut the connection after this many bytes of a response that starts at byte 0. */
  cutAfter?: number;
  contentType?: string;
}

/** A local HTTP file server with Range support, for pulling models without the internet. */
export async function startModelServer(files: Record<string, ServedFile>): Promise<{ url: (name: string) => string; requests: Array<{ path: string; range?: string; ifRange?: string }>; close: () => Promise<void> }> {
  const requests: Array<{ path: string; range?: string; ifRange?: string }> = [];
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    requests.push({ path: name, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
    const file = files[name];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${createHash('sha1').update(file.body).digest('hex')}"`;
    const headers = { 'content-type': file.contentType ?? 'application/octet-stream', etag, 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-$/u.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (range && (!ifRange || ifRange === etag)) {
      const start = Number(range[1]);
      if (start >= file.body.length) {
        res.writeHead(416, { 'content-range': `bytes */${file.body.length}` }).end();
        return;
      }
      res.writeHead(206, { ...headers, 'content-length': file.body.length - start, 'content-range': `bytes ${start}-${file.body.length - 1}/${file.body.length}` });
      res.end(file.body.subarray(start));
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': file.body.length });
    if (file.cutAfter !== undefined) {
      res.write(file.body.subarray(0, file.cutAfter), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
