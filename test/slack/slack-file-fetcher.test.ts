import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSlackFile, looksLikeHtmlPage, slackTrustedHosts } from '../../adapters/slack/slack-file-fetcher.js';
import { isSlackAccessError } from '../../adapters/slack/slack-errors.js';
import { isInputRefused } from '../../src/core/errors.js';

/** Two local hosts: 127.0.0.1 plays Slack (trusted), localhost plays someone else's server. */
describe('fetchSlackFile', () => {
  let server: Server;
  let port: number;
  const seen: Array<{ path: string; host: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', host: req.headers.host ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const url = req.url ?? '';
      if (url === '/pdf') res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7 tiny');
      else if (url === '/stream') {
        // Chunked, no Content-Length: only counting while reading can stop it.
        res.writeHead(200, { 'content-type': 'application/pdf' });
        let sent = 0;
        const push = () => {
          while (sent < 50) {
            sent += 1;
            if (!res.write(Buffer.alloc(10_000, 65))) return void res.once('drain', push);
          }
          res.end();
        };
        push();
      } else if (url === '/bom-html') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('\uFEFF  \n<!doctype HTML><html><body>Sign in</body></html>');
      else if (url === '/to-other') res.writeHead(302, { location: `http://localhost:${port}/pdf` }).end();
      else if (url === '/to-self') res.writeHead(302, { location: '/pdf' }).end();
      else if (url === '/gone') res.writeHead(404).end();
      else if (url === '/broken') res.writeHead(502).end();
      else res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const options = () => ({ token: 'xoxb-secret-token', maxBytes: 100_000, trustedHost: slackTrustedHosts(`http://127.0.0.1:${port}/api/`) });
  const at = (path: string) => `http://127.0.0.1:${port}${path}`;

  it('downloads the file with the bot token', async () => {
    const bytes = await fetchSlackFile({ id: 'F1', name: 'a.pdf', url: at('/pdf'), size: 13 }, options());
    expect(bytes.toString('latin1')).toBe('%PDF-1.7 tiny');
    expect(seen.at(-1)).toMatchObject({ path: '/pdf', authorization: 'Bearer xoxb-secret-token' });
  });

  it('refuses by the event\'s size without any request', async () => {
    const before = seen.length;
    const error = await fetchSlackFile({ id: 'F2', name: 'a.pdf', url: at('/pdf'), size: 100_001 }, options()).catch((e: unknown) => e);
    expect(isInputRefused(error) && error.code).toBe('too-large');
    expect(isInputRefused(error) && error.params.limit).toBe('100 kB');
    expect(seen.length).toBe(before);
  });

  it('stops reading a body that grows past the limit', async () => {
    const error = await fetchSlackFile({ id: 'F3', name: 'a.pdf', url: at('/stream') }, options()).catch((e: unknown) => e);
    expect(isInputRefused(error) && error.code).toBe('too-large');
  });

  it('recognises an HTML page (BOM, whitespace, any case) as the missing files:read scope', async () => {
    expect(looksLikeHtmlPage(Buffer.from('%PDF-1.4 <html>'))).toBe(false);
    const error = await fetchSlackFile({ id: 'F4', name: 'a.pdf', mimetype: 'application/pdf', url: at('/bom-html') }, options()).catch((e: unknown) => e);
    expect(isSlackAccessError(error) && [error.problem, error.scope]).toEqual(['missing-scope', 'files:read']);
    // A real HTML file is not mistaken for the sign-in page.
    const html = await fetchSlackFile({ id: 'F5', name: 'page.html', mimetype: 'text/html', url: at('/bom-html') }, options());
    expect(html.toString('utf8')).toContain('<html>');
  });

  it('follows a redirect within Slack\'s hosts, and refuses any other host without a request', async () => {
    await fetchSlackFile({ id: 'F6', name: 'a.pdf', url: at('/to-self') }, options());
    expect(seen.at(-1)).toMatchObject({ path: '/pdf', authorization: 'Bearer xoxb-secret-token' });
    const requests = seen.length;
    const redirected = await fetchSlackFile({ id: 'F7', name: 'a.pdf', url: at('/to-other') }, options()).catch((err: unknown) => err);
    expect(isSlackAccessError(redirected) && redirected.problem).toBe('file-unavailable');
    expect((redirected as Error).message).toBe('the file\'s address is not on a Slack file host (localhost); nothing was downloaded');
    expect(seen.slice(requests).map((r) => r.path)).toEqual(['/to-other']);
    const direct = await fetchSlackFile({ id: 'F8', name: 'a.pdf', url: `http://localhost:${port}/pdf` }, options()).catch((err: unknown) => err);
    expect(isSlackAccessError(direct)).toBe(true);
    const elsewhere = await fetchSlackFile({ id: 'F9', name: 'a.pdf', url: 'https://example.com/a.pdf' }, { ...options(), fetch: () => Promise.reject(new Error('must not be called')) }).catch((err: unknown) => err);
    expect((elsewhere as Error).message).toMatch(/not on a Slack file host \(example\.com\)/u);
    expect(seen.slice(requests).map((r) => r.path)).toEqual(['/to-other']);
  });

  it('tells a missing file from a passing failure', async () => {
    const gone = await fetchSlackFile({ id: 'F8', name: 'a.pdf', url: at('/gone') }, options()).catch((e: unknown) => e);
    expect(isSlackAccessError(gone) && gone.problem).toBe('file-unavailable');
    const broken = await fetchSlackFile({ id: 'F9', name: 'a.pdf', url: at('/broken') }, options()).catch((e: unknown) => e);
    expect(isSlackAccessError(broken)).toBe(false);
    expect(String(broken)).toContain('HTTP 502');
    const external = await fetchSlackFile({ id: 'F10', name: 'doc' }, options()).catch((e: unknown) => e);
    expect(isSlackAccessError(external) && external.problem).toBe('file-unavailable');
    const scheme = await fetchSlackFile({ id: 'F11', name: 'doc', url: 'file:///etc/passwd' }, options()).catch((e: unknown) => e);
    expect(isSlackAccessError(scheme)).toBe(true);
  });

  it('trusts Slack\'s hosts and the configured API host only', () => {
    const trusted = slackTrustedHosts('https://slack-proxy.school.in/api/');
    expect(['files.slack.com', 'slack.com', 'hooks.slack.com', 'slack-proxy.school.in'].map(trusted)).toEqual([true, true, true, true]);
    expect(['evil.com', 'slack.com.evil.com', 'notslack.com'].map(trusted)).toEqual([false, false, false]);
  });
});
