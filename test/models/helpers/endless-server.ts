import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server that sends no Content-Length and never ends: `head` and then zeros for as long as
 * anyone reads (a wrong URL, a broken proxy). `sent` says how far it got, `closed` whether the
 * client hung up.
 */
export async function startEndlessServer(head: Buffer = Buffer.alloc(0)): Promise<{ url: string; sent: () => number; closed: () => boolean; close: () => Promise<void> }> {
  let sent = 0;
  let closed = false;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.on('close', () => (closed = true));
    res.write(head);
    const push = (): void => {
      while (!res.destroyed) {
        sent += 65_536;
        if (!res.write(Buffer.alloc(65_536))) return void res.once('drain', push);
      }
    };
    push();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/endless`,
    sent: () => sent,
    closed: () => closed,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
