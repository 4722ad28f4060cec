import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputRefused } from '../../src/core/errors.js';
import { checkContentLength, checkDeclaredSize, declaredSizeRefusal, readCapped } from '../../adapters/shared/capped-download.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function refusalOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return null;
}

describe('size checks before a download', () => {
  it('refuses a declared size over the limit with the user-facing sizes, and lets an unknown size through', () => {
    const error = refusalOf(() => checkDeclaredSize(30_000_000, 20_000_000));
    expect(isInputRefused(error) && error.code).toBe('too-large');
    expect(isInputRefused(error) && error.params).toEqual({ limit: '20 MB', size: '30 MB' });
    expect(refusalOf(() => checkDeclaredSize(undefined, 10))).toBeNull();
    expect(refusalOf(() => checkDeclaredSize(10, 10))).toBeNull();
    expect(declaredSizeRefusal(11, 10)?.code).toBe('too-large');
    expect(declaredSizeRefusal(10, 10)).toBeNull();
  });

  it('refuses a Content-Length over the limit before reading, and frees the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const response = new Response(body, { headers: { 'content-length': '5000' } });
    await expect(checkContentLength(response, 1000)).rejects.toMatchObject({ code: 'too-large' });
    expect(response.bodyUsed || body.locked).toBe(true);
    expect(pulled).toBeLessThanOrEqual(1);
    await expect(checkContentLength(new Response('ok', { headers: { 'content-length': '2' } }), 1000)).resolves.toBeUndefined();
  });
});

describe('readCapped', () => {
  it('reads a stream within the limit into memory or through a new file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'capped-'));
    dirs.push(dir);
    expect((await readCapped(Readable.from([Buffer.from('abc'), Buffer.from('def')]), 6)).toString()).toBe('abcdef');
    const target = path.join(dir, 'download');
    const bytes = await readCapped(new Response('page bytes').body, 100, { toFile: target });
    expect(bytes.toString()).toBe('page bytes');
    expect((await readFile(target)).toString()).toBe('page bytes');
  });

  it('stops at the limit when the size was not declared', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1024;
        this.push(Buffer.alloc(1024));
      },
    });
    await expect(readCapped(endless, 10_000)).rejects.toMatchObject({ code: 'too-large' });
    expect(produced).toBeLessThan(64 * 1024);
  });
});
