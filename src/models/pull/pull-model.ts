import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, statfs, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { InstalledModel, ModelManifest, ModelStore } from '../model-store.js';
import { MODEL_ID } from '../model-catalog.js';
import { ggufHeaderProblem, inspectGgufFile } from './gguf-file-check.js';
import { ModelPullError } from './model-pull-error.js';
import { sha256File } from './sha256-file.js';

export interface PullRequest {
  id: string;
  /** An http(s) URL, or a path to a GGUF file on this machine. */
  source: string;
  /** The exact size the file must have, when it is known (a catalog entry with sizeExact). */
  expectedBytes?: number;
  /** A size for the free-disk check when the server does not send one. */
  approxBytes?: number;
  /** The SHA-256 the file must have, when it is known. */
  sha256?: string;
  manifest: Pick<ModelManifest, 'tier' | 'tasks' | 'languages'> & Partial<Pick<ModelManifest, 'name' | 'catalogId' | 'licence'>>;
}

export interface PullProgress {
  received: number;
  total: number | null;
  /** Bytes that were already on disk from an interrupted pull. */
  resumedFrom: number;
  phase: 'download' | 'verify';
}

export interface PullOptions {
  store: ModelStore;
  onProgress?: (progress: PullProgress) => void;
  signal?: AbortSignal;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Free bytes on the disk holding dir. Defaults to statfs. */
  freeDiskBytes?: (dir: string) => Promise<number>;
  /** Bytes that must stay free after the download. Defaults to 256 MiB. */
  diskMarginBytes?: number;
  /**
   * Most bytes a model may have (MAX_MODEL_BYTES): a server that sends no size, for a model the
   * catalog does not size, is cut off here. Defaults to no cap beyond the free-disk check.
   */
  maxBytes?: number;
}

export interface PullResult {
  model: InstalledModel;
  bytes: number;
  sha256: string;
  resumedFrom: number;
}

interface PartMeta {
  source: string;
  total: number | null;
  etag?: string;
  lastModified?: string;
}

/**
 * Pulls one GGUF into the models directory. The download goes to `<id>.gguf.part`; an
 * interrupted one resumes with an HTTP range request (guarded by If-Range, so a file that changed
 * on the server starts over). Before downloading it checks the size against the catalog and the
 * free disk; the first bytes must be a GGUF header; at the end the size, the GGUF structure and
 * (when known) the SHA-256 must match, and only then does the file move into place.
 */
export async function pullModel(request: PullRequest, options: PullOptions): Promise<PullResult> {
  const { store, signal } = options;
  if (!MODEL_ID.test(request.id)) throw new ModelPullError('bad-source', `invalid model id "${request.id}": use lower-case letters, digits, dot, dash or underscore`);
  if (await store.get(request.id).catch(() => null)) {
    throw new ModelPullError('exists', `${request.id} is already installed; remove it first with: shikshasetu models rm ${request.id}`);
  }
  await mkdir(store.dir, { recursive: true });
  const part = store.partFile(request.id);
  const metaFile = `${part}.json`;
  const isUrl = /^https?:\/\//iu.test(request.source);

  let resumedFrom = 0;
  let total: number | null;
  if (isUrl) {
    ({ resumedFrom, total } = await download(request, options, part, metaFile));
  } else {
    total = await copyLocal(request, options, part);
  }
  signal?.throwIfAborted();

  options.onProgress?.({ received: total ?? 0, total, resumedFrom, phase: 'verify' });
  let sha256: string;
  let bytes: number;
  try {
    ({ sha256, bytes } = await verifyPart(part, request, total, signal));
  } catch (err) {
    if (err instanceof ModelPullError) await discard(part, metaFile);
    throw err;
  }

  await rename(part, store.modelFile(request.id));
  await rm(metaFile, { force: true });
  const manifest: ModelManifest = {
    id: request.id,
    name: request.manifest.name,
    tier: request.manifest.tier,
    tasks: request.manifest.tasks,
    languages: request.manifest.languages,
    source: isUrl ? redactUrl(request.source) : path.resolve(request.source),
    catalogId: request.manifest.catalogId,
    licence: request.manifest.licence,
    sizeBytes: bytes,
    sha256,
    installedAt: new Date().toISOString(),
  };
  await store.writeManifest(manifest);
  const model = await store.get(request.id);
  if (!model) throw new Error(`${request.id} was moved into place but cannot be read back`);
  return { model, bytes, sha256, resumedFrom };
}

async function download(request: PullRequest, options: PullOptions, part: string, metaFile: string): Promise<{ resumedFrom: number; total: number | null }> {
  const fetchImpl = options.fetch ?? fetch;
  const meta = await readMeta(metaFile);
  let have = 0;
  if (meta && meta.source === request.source) have = (await stat(part).catch(() => null))?.size ?? 0;
  else await discard(part, metaFile);

  for (let attempt = 0; attempt < 2; attempt++) {
    const headers: Record<string, string> = { 'user-agent': 'shikshasetu-models' };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      const validator = meta?.etag && !meta.etag.startsWith('W/') ? meta.etag : meta?.lastModified;
      if (validator) headers['if-range'] = validator;
    }
    let response: Response;
    try {
      response = await fetchImpl(request.source, { headers, signal: options.signal, redirect: 'follow' });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ModelPullError('interrupted', `cannot reach ${redactUrl(request.source)} (${describe(err)}); run the same pull again to retry`);
    }

    if (response.status === 416 && have > 0) {
      await response.body?.cancel();
      if (meta?.total !== null && meta?.total === have) return { resumedFrom: have, total: have };
      await discard(part, metaFile);
      have = 0;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ModelPullError('http', `${redactUrl(request.source)} answered HTTP ${response.status}`);
    }
    let start = 0;
    let total: number | null = null;
    if (response.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/u.exec(response.headers.get('content-range') ?? '');
      start = range ? Number(range[1]) : -1;
      total = range && range[3] !== '*' ? Number(range[3]) : null;
      if (start !== have) {
        // The server sent some other range: start over rather than stitch a wrong file.
        await response.body?.cancel();
        await discard(part, metaFile);
        have = 0;
        continue;
      }
    } else {
      const length = Number(response.headers.get('content-length'));
      total = Number.isFinite(length) && length > 0 ? length : null;
      have = 0;
    }

    if (total !== null && options.maxBytes !== undefined && total > options.maxBytes) {
      await response.body?.cancel();
      await discard(part, metaFile);
      throw new ModelPullError('too-large', `the server's file is ${total} bytes, over MAX_MODEL_BYTES (${options.maxBytes}); not downloading it`);
    }
    if (request.expectedBytes !== undefined && total !== null && total !== request.expectedBytes) {
      await response.body?.cancel();
      throw new ModelPullError('size-mismatch', `the server's file is ${total} bytes but the catalog says ${request.expectedBytes}; not downloading it`);
    }
    await checkDisk(options, path.dirname(part), (total ?? request.expectedBytes ?? request.approxBytes ?? 0) - have, response);

    await writeMeta(metaFile, {
      source: request.source,
      total,
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    });
    await receive(response, part, have, total, options, request.expectedBytes ?? options.maxBytes);
    return { resumedFrom: have, total };
  }
  throw new ModelPullError('http', `${redactUrl(request.source)} did not serve a consistent file; try again later`);
}

async function receive(response: Response, part: string, have: number, total: number | null, options: PullOptions, cap: number | undefined): Promise<void> {
  if (!response.body) throw new ModelPullError('http', 'the server sent no body');
  const handle = await open(part, have > 0 ? 'a' : 'w');
  let received = have;
  let head: Buffer | null = have > 0 ? null : Buffer.alloc(0);
  let lastReport = 0;
  try {
    for await (const value of Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
      const chunk = value as Buffer;
      if (head !== null) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= 24) {
          const problem = ggufHeaderProblem(head);
          if (problem) throw new ModelPullError('not-gguf', `${redactUrl(response.url)} is ${problem}; refused`);
          head = null;
        }
      }
      received += chunk.length;
      if (total !== null && received > total) throw new ModelPullError('corrupt', `the server sent more than the ${total} bytes it announced`);
      // No size from the server (or a wrong one): the cap stops an endless or oversized body.
      if (cap !== undefined && received > cap) throw new ModelPullError('too-large', `the download passed ${cap} bytes, the most a model may have here (MAX_MODEL_BYTES or the catalog's size); stopped and removed`);
      await write(handle, chunk);
      const now = performance.now();
      if (now - lastReport > 100) {
        lastReport = now;
        options.onProgress?.({ received, total, resumedFrom: have, phase: 'download' });
      }
    }
  } catch (err) {
    await handle.close();
    if (err instanceof ModelPullError) {
      if (err.code === 'not-gguf' || err.code === 'corrupt' || err.code === 'too-large') await discard(part, `${part}.json`);
      throw err;
    }
    if (options.signal?.aborted) throw err;
    throw new ModelPullError('interrupted', `download interrupted at ${received} of ${total ?? '?'} bytes (${describe(err)}); run the same pull again to resume`);
  }
  await handle.close();
  if (head !== null) {
    const problem = ggufHeaderProblem(head);
    await discard(part, `${part}.json`);
    throw new ModelPullError('not-gguf', `the source is ${problem ?? 'not a GGUF file'}; refused`);
  }
  options.onProgress?.({ received, total, resumedFrom: have, phase: 'download' });
  if (total !== null && received < total) {
    throw new ModelPullError('interrupted', `download stopped at ${received} of ${total} bytes; run the same pull again to resume`);
  }
}

async function copyLocal(request: PullRequest, options: PullOptions, part: string): Promise<number> {
  const info = await stat(request.source).catch(() => null);
  if (!info?.isFile()) throw new ModelPullError('bad-source', `${request.source} is not a file or an http(s) URL`);
  if (request.expectedBytes !== undefined && info.size !== request.expectedBytes) {
    throw new ModelPullError('size-mismatch', `${request.source} is ${info.size} bytes but ${request.expectedBytes} were expected`);
  }
  const head = Buffer.alloc(24);
  const source = await open(request.source, 'r');
  try {
    await source.read(head, 0, 24, 0);
  } finally {
    await source.close();
  }
  const problem = ggufHeaderProblem(head);
  if (problem) throw new ModelPullError('not-gguf', `${request.source} is ${problem}; refused`);
  await checkDisk(options, path.dirname(part), info.size);
  const handle = await open(part, 'w');
  let received = 0;
  try {
    for await (const chunk of createReadStream(request.source, { highWaterMark: 1 << 20, signal: options.signal })) {
      received += (chunk as Buffer).length;
      await write(handle, chunk as Buffer);
      options.onProgress?.({ received, total: info.size, resumedFrom: 0, phase: 'download' });
    }
  } finally {
    await handle.close();
  }
  return info.size;
}

async function verifyPart(part: string, request: PullRequest, total: number | null, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const { size } = await stat(part);
  if (total !== null && size !== total) throw new ModelPullError('size-mismatch', `downloaded ${size} bytes but the source announced ${total}`);
  if (request.expectedBytes !== undefined && size !== request.expectedBytes) {
    throw new ModelPullError('size-mismatch', `downloaded ${size} bytes but ${request.expectedBytes} were expected`);
  }
  const report = await inspectGgufFile(part);
  if (report.problem) throw new ModelPullError('corrupt', `the downloaded file is not a usable GGUF: ${report.problem}`);
  const sha256 = await sha256File(part, signal);
  if (request.sha256 && sha256 !== request.sha256.toLowerCase()) {
    throw new ModelPullError('checksum-mismatch', `SHA-256 is ${sha256} but ${request.sha256} was expected: the download is corrupt (removed; pull again)`);
  }
  return { sha256, bytes: size };
}

async function checkDisk(options: PullOptions, dir: string, needed: number, response?: Response): Promise<void> {
  const free = await (options.freeDiskBytes ?? defaultFreeDiskBytes)(dir);
  const margin = options.diskMarginBytes ?? 256 * 1024 * 1024;
  if (needed + margin > free) {
    await response?.body?.cancel();
    throw new ModelPullError('disk-full', `not enough free disk in ${dir}: ${gb(needed)} GB needed plus ${gb(margin)} GB to spare, ${gb(free)} GB free`);
  }
}

async function defaultFreeDiskBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return Number(info.bavail) * Number(info.bsize);
}

async function write(handle: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

async function readMeta(file: string): Promise<PartMeta | null> {
  try {
    const meta = JSON.parse(await readFile(file, 'utf8')) as PartMeta;
    return typeof meta.source === 'string' ? meta : null;
  } catch {
    return null;
  }
}

async function writeMeta(file: string, meta: PartMeta): Promise<void> {
  await writeFile(file, JSON.stringify(meta));
}

async function discard(part: string, metaFile: string): Promise<void> {
  await rm(part, { force: true });
  await rm(metaFile, { force: true });
}

/** URLs may carry tokens in the query or user info; the manifest and messages keep neither. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return 'the source';
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

function gb(bytes: number): string {
  return (bytes / 1e9).toFixed(2);
}
