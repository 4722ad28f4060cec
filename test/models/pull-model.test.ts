import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tinyGgufBytes } from '../../scripts/fixtures/write-gguf.js';
import { ModelStore } from '../../src/models/model-store.js';
import { isModelPullError, type ModelPullError } from '../../src/models/pull/model-pull-error.js';
import { pullModel, type PullProgress, type PullRequest } from '../../src/models/pull/pull-model.js';
import { startEndlessServer } from './helpers/endless-server.js';
import { startModelServer } from './helpers/model-server.js';

const gguf = tinyGgufBytes({ seed: 21, embedding: 64 });
const sha = createHash('sha256').update(gguf).digest('hex');
const corrupt = Buffer.from(gguf);
corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 100) ^ 0xff, corrupt.length - 100);
const truncated = gguf.subarray(0, 4096);
const html = Buffer.from(`<!doctype html><html><body>${'Not found. '.repeat(50)}</body></html>`);

let server: Awaited<ReturnType<typeof startModelServer>>;
let dir: string;
let store: ModelStore;
const roomy = async (): Promise<number> => 1e12;

beforeAll(async () => {
  server = await startModelServer({
    'model.gguf': { body: gguf },
    'flaky.gguf': { body: gguf, cutAfter: Math.floor(gguf.length / 3) },
    'corrupt.gguf': { body: corrupt },
    'truncated.gguf': { body: truncated },
    'page.html': { body: html, contentType: 'text/html' },
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-pull-'));
  store = new ModelStore(path.join(dir, 'models'));
  server.requests.length = 0;
  return () => rm(dir, { recursive: true, force: true });
});

function request(file: string, extra: Partial<PullRequest> = {}): PullRequest {
  return { id: 'tiny', source: server.url(file), manifest: { tier: 'SMALL', tasks: ['simplify'], languages: ['en'] }, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<ModelPullError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(isModelPullError(err)).toBe(true);
  return err as ModelPullError;
}

describe('pullModel against a local HTTP server', () => {
  it('downloads, checks size, structure and SHA-256, and installs with a manifest', async () => {
    const progress: PullProgress[] = [];
    const result = await pullModel(request('model.gguf', { expectedBytes: gguf.length, sha256: sha }), { store, freeDiskBytes: roomy, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ bytes: gguf.length, sha256: sha, resumedFrom: 0 });
    expect(await readFile(store.modelFile('tiny'))).toEqual(gguf);
    expect(result.model.manifest).toMatchObject({ id: 'tiny', tier: 'SMALL', tasks: ['simplify'], sizeBytes: gguf.length, sha256: sha, source: server.url('model.gguf') });
    expect(await readdir(store.dir)).toEqual(['tiny.gguf', 'tiny.model.json']);
    expect(progress.at(-1)?.phase).toBe('verify');
    expect(progress.some((p) => p.phase === 'download' && p.received === gguf.length && p.total === gguf.length)).toBe(true);
  });

  it('resumes an interrupted download with a range request and ends with the right file', async () => {
    const first = await failure(pullModel(request('flaky.gguf', { sha256: sha }), { store, freeDiskBytes: roomy }));
    expect(first.code).toBe('interrupted');
    expect(first.message).toMatch(/run the same pull again to resume/u);
    const partSize = (await stat(store.partFile('tiny'))).size;
    // What reached the disk before the cut: fetch drops chunks still queued when the connection
    // fails, so on a busy machine this can be less than the server sent, never more.
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThanOrEqual(Math.floor(gguf.length / 3));
    await expect(store.get('tiny')).resolves.toBeNull();

    const result = await pullModel(request('flaky.gguf', { sha256: sha }), { store, freeDiskBytes: roomy });
    expect(result.resumedFrom).toBe(partSize);
    expect(server.requests.at(-1)).toMatchObject({ range: `bytes=${partSize}-` });
    expect(server.requests.at(-1)?.ifRange).toMatch(/^"/u);
    expect(await readFile(store.modelFile('tiny'))).toEqual(gguf);
    await expect(stat(store.partFile('tiny'))).rejects.toThrow();
  });

  it('rejects a corrupt file whose SHA-256 does not match, and keeps nothing of it', async () => {
    const err = await failure(pullModel(request('corrupt.gguf', { sha256: sha }), { store, freeDiskBytes: roomy }));
    expect(err.code).toBe('checksum-mismatch');
    expect(await readdir(store.dir)).toEqual([]);
  });

  it('rejects a truncated GGUF even without a known checksum', async () => {
    const err = await failure(pullModel(request('truncated.gguf'), { store, freeDiskBytes: roomy }));
    expect(err.code).toBe('corrupt');
    expect(err.message).toMatch(/truncated|cannot be read/u);
    expect(await readdir(store.dir)).toEqual([]);
  });

  it('refuses something that is not GGUF from its first bytes', async () => {
    const err = await failure(pullModel(request('page.html'), { store, freeDiskBytes: roomy }));
    expect(err.code).toBe('not-gguf');
    expect(await readdir(store.dir)).toEqual([]);
    const local = path.join(dir, 'notes.gguf');
    await writeFile(local, 'plain text pretending to be a model, long enough to have a header');
    expect((await failure(pullModel({ ...request('x'), source: local }, { store, freeDiskBytes: roomy }))).code).toBe('not-gguf');
  });

  it('refuses when the size differs from the catalog, before downloading', async () => {
    const err = await failure(pullModel(request('model.gguf', { expectedBytes: gguf.length + 1 }), { store, freeDiskBytes: roomy }));
    expect(err.code).toBe('size-mismatch');
    await expect(stat(store.partFile('tiny'))).rejects.toThrow();
  });

  it('checks free disk first', async () => {
    const err = await failure(pullModel(request('model.gguf'), { store, freeDiskBytes: async () => gguf.length, diskMarginBytes: 1024 }));
    expect(err.code).toBe('disk-full');
    await expect(stat(store.partFile('tiny'))).rejects.toThrow();
  });

  it('installs a local GGUF file, refuses a second install of the same id and an id that is a path', async () => {
    const local = path.join(dir, 'mine.gguf');
    await writeFile(local, gguf);
    const result = await pullModel({ ...request('x'), source: local }, { store, freeDiskBytes: roomy });
    expect(result.sha256).toBe(sha);
    expect((await failure(pullModel({ ...request('x'), source: local }, { store, freeDiskBytes: roomy }))).code).toBe('exists');
    expect((await failure(pullModel({ ...request('x'), id: '../evil', source: local }, { store, freeDiskBytes: roomy }))).code).toBe('bad-source');
    expect(server.requests).toEqual([]);
  });

  it('reports an HTTP error without leaving a partial file', async () => {
    const err = await failure(pullModel(request('missing.gguf'), { store, freeDiskBytes: roomy }));
    expect(err).toMatchObject({ code: 'http' });
    expect(err.message).toContain('404');
  });

  it('stops an unsized download from a server that sends no size at MAX_MODEL_BYTES and leaves no partial file', async () => {
    // No Content-Length, never ending: a GGUF header and then zeros for as long as anyone reads.
    const endless = await startEndlessServer(gguf.subarray(0, 4096));
    try {
      const err = await failure(pullModel({ ...request('x'), source: endless.url }, { store, freeDiskBytes: roomy, maxBytes: 3_000_000 }));
      expect(err.code).toBe('too-large');
      expect(err.message).toMatch(/passed 3 MB.*MAX_MODEL_BYTES/u);
      expect(await readdir(store.dir)).toEqual([]);
      await vi.waitFor(() => expect(endless.closed()).toBe(true));
      expect(endless.sent()).toBeLessThan(20_000_000);
      // A size the server does announce is refused before the body is read.
      const announced = await failure(pullModel(request('model.gguf'), { store, freeDiskBytes: roomy, maxBytes: gguf.length - 1 }));
      expect(announced.code).toBe('too-large');
      expect(await readdir(store.dir)).toEqual([]);
    } finally {
      await endless.close();
    }
  });
});
