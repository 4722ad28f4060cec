import { open, readFile, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { formatBytes } from '../../core/format-bytes.js';
import { checkFreeDisk, type FreeDiskOptions } from './free-disk.js';
import { ModelPullError, type PullErrorCode } from './model-pull-error.js';
import { redactUrl } from './redact-url.js';

export interface PullProgress {
  received: number;
  total: number | null;
  /** Bytes that were already on disk from an interrupted pull. */
  resumedFrom: number;
  phase: 'download' | 'verify';
}

export interface DownloadTarget {
  /** An http(s) URL. */
  url: string;
  /** The file the bytes go to. An earlier pull's bytes there are resumed; `<part>.json` beside it remembers the source and its validators. */
  part: string;
  /** The exact size the file must have, when it is known: another announced size is refused, and the body is cut there. */
  expectedBytes?: number;
  /** A size for the free-disk check when the server sends none. */
  approxBytes?: number;
  /** Bytes of the same model already on disk (the other files of a multi-file export): they count against maxBytes. Defaults to 0. */
  countedBytes?: number;
  /**
   * The most this file may have when the catalog gives only an approximate size: a larger
   * announced size, or a body that passes it, is refused as too-large (a wrong URL). Defaults to no bound but maxBytes.
   */
  mostBytes?: number;
  /**
   * The file is an archive the caller unpacks beside it while it is still on disk: the free-disk
   * check reserves this many more bytes per byte of it for the unpacked files. Defaults to 0.
   */
  unpackRatio?: number;
  /** Checks the first bytes (a GGUF header): a problem refuses the file with `code`. */
  head?: { bytes: number; problem: (head: Buffer) => string | null; code: PullErrorCode };
  /** A file the server may not have: a 404 answers null instead of failing. */
  optional?: boolean;
}

export interface DownloadGuards extends FreeDiskOptions {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /**
   * Most bytes a model may have (MAX_MODEL_BYTES): a server that sends no size, for a file the
   * catalog does not size, is cut off here. Defaults to no cap beyond the free-disk check.
   */
  maxBytes?: number;
  onProgress?: (progress: PullProgress) => void;
}

interface PartMeta {
  source: string;
  total: number | null;
  etag?: string;
  lastModified?: string;
}

/**
 * Downloads one file of a model into `target.part`, with the guards every model pull needs: an
 * interrupted download resumes with a range request (If-Range, so a file that changed on the
 * server starts over, as does a resume the server answers with another range); the announced size
 * is checked against the catalog, MAX_MODEL_BYTES and the free disk before the body is read; a
 * body with no size stops at the catalog's size or MAX_MODEL_BYTES and its part file is removed.
 * Resolves with where it resumed and the server's size, or null for an optional file the server
 * lacks. The caller verifies the part and moves it into place (and removes `<part>.json`).
 */
export async function downloadToPart(target: DownloadTarget, guards: DownloadGuards): Promise<{ resumedFrom: number; total: number | null } | null> {
  const { part, url } = target;
  const fetchImpl = guards.fetch ?? fetch;
  const metaFile = metaFileOf(part);
  const meta = await readMeta(metaFile);
  let have = 0;
  if (meta && meta.source === url) have = (await stat(part).catch(() => null))?.size ?? 0;
  else await discardPart(part);

  for (let attempt = 0; attempt < 2; attempt++) {
    const headers: Record<string, string> = { 'user-agent': 'shikshasetu-models' };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      const validator = meta?.etag && !meta.etag.startsWith('W/') ? meta.etag : meta?.lastModified;
      if (validator) headers['if-range'] = validator;
    }
    let response: Response;
    try {
      response = await fetchImpl(url, { headers, signal: guards.signal, redirect: 'follow' });
    } catch (err) {
      if (guards.signal?.aborted) throw err;
      throw new ModelPullError('interrupted', `cannot reach ${redactUrl(url)} (${describe(err)}); run the same pull again to retry`);
    }

    if (response.status === 416 && have > 0) {
      await response.body?.cancel();
      if (meta?.total !== null && meta?.total === have) return { resumedFrom: have, total: have };
      await discardPart(part);
      have = 0;
      continue;
    }
    if (response.status === 404 && target.optional) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ModelPullError('http', `${redactUrl(url)} answered HTTP ${response.status}`);
    }
    let total: number | null = null;
    if (response.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/u.exec(response.headers.get('content-range') ?? '');
      const start = range ? Number(range[1]) : -1;
      total = range && range[3] !== '*' ? Number(range[3]) : null;
      if (start !== have) {
        // The server sent some other range: start over rather than stitch a wrong file.
        await response.body?.cancel();
        await discardPart(part);
        have = 0;
        continue;
      }
    } else {
      const length = Number(response.headers.get('content-length'));
      total = Number.isFinite(length) && length > 0 ? length : null;
      have = 0;
    }

    try {
      await checkBeforeBody(target, guards, total, have);
    } catch (err) {
      await response.body?.cancel();
      throw err;
    }
    await writeMeta(metaFile, {
      source: url,
      total,
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    });
    await receive(response, target, have, total, guards);
    return { resumedFrom: have, total };
  }
  throw new ModelPullError('http', `${redactUrl(url)} did not serve a consistent file; try again later`);
}

/** Removes a part file and its `.json` sidecar. */
export async function discardPart(part: string): Promise<void> {
  await rm(part, { force: true });
  await rm(metaFileOf(part), { force: true });
}

export function metaFileOf(part: string): string {
  return `${part}.json`;
}

/** The announced size against MAX_MODEL_BYTES, the catalog and the free disk, before a byte of the body is read. */
async function checkBeforeBody(target: DownloadTarget, guards: DownloadGuards, total: number | null, have: number): Promise<void> {
  const counted = target.countedBytes ?? 0;
  if (total !== null && guards.maxBytes !== undefined && counted + total > guards.maxBytes) {
    await discardPart(target.part);
    const others = counted ? ` (${counted + total} with the files before it)` : '';
    throw new ModelPullError('too-large', `the server's file is ${total} bytes${others}, over MAX_MODEL_BYTES (${guards.maxBytes}); not downloading it (raise MAX_MODEL_BYTES if the model really is that big)`);
  }
  if (target.expectedBytes !== undefined && total !== null && total !== target.expectedBytes) {
    throw new ModelPullError('size-mismatch', `the server's file is ${total} bytes but the catalog says ${target.expectedBytes}; not downloading it`);
  }
  if (target.expectedBytes === undefined && target.mostBytes !== undefined && total !== null && total > target.mostBytes) {
    throw new ModelPullError('too-large', `the server's file is ${total} bytes, more than the ${target.mostBytes} the catalog's approximate size allows; not downloading it`);
  }
  const size = total ?? target.expectedBytes ?? target.approxBytes ?? 0;
  await checkFreeDisk(guards, path.dirname(target.part), size - have + Math.ceil(size * (target.unpackRatio ?? 0)));
}

async function receive(response: Response, target: DownloadTarget, have: number, total: number | null, guards: DownloadGuards): Promise<void> {
  if (!response.body) throw new ModelPullError('http', 'the server sent no body');
  const { part } = target;
  // No size from the server (or a wrong one): the cap stops an endless or oversized body.
  const counted = target.countedBytes ?? 0;
  const modelCap = guards.maxBytes !== undefined ? guards.maxBytes - counted : undefined;
  const cap = target.expectedBytes ?? smallest(modelCap, target.mostBytes);
  const headCheck = target.head;
  const handle = await open(part, have > 0 ? 'a' : 'w');
  let received = have;
  let head: Buffer | null = have > 0 || !headCheck ? null : Buffer.alloc(0);
  let lastReport = 0;
  try {
    for await (const value of Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
      const chunk = value as Buffer;
      if (head !== null && headCheck) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= headCheck.bytes) {
          const problem = headCheck.problem(head);
          if (problem) throw new ModelPullError(headCheck.code, `${redactUrl(response.url)} is ${problem}; refused`);
          head = null;
        }
      }
      received += chunk.length;
      if (total !== null && received > total) throw new ModelPullError('corrupt', `the server sent more than the ${total} bytes it announced`);
      if (cap !== undefined && received > cap) throw tooLarge(target, guards, cap);
      await writeAll(handle, chunk);
      const now = performance.now();
      if (now - lastReport > 100) {
        lastReport = now;
        guards.onProgress?.({ received, total, resumedFrom: have, phase: 'download' });
      }
    }
  } catch (err) {
    await handle.close();
    if (err instanceof ModelPullError) {
      if (err.code === headCheck?.code || err.code === 'corrupt' || err.code === 'too-large') await discardPart(part);
      throw err;
    }
    if (guards.signal?.aborted) throw err;
    throw new ModelPullError('interrupted', `download interrupted at ${received} of ${total ?? '?'} bytes (${describe(err)}); run the same pull again to resume`);
  }
  await handle.close();
  if (head !== null && headCheck) {
    const problem = headCheck.problem(head);
    await discardPart(part);
    throw new ModelPullError(headCheck.code, `the source is ${problem ?? 'too short to be a model'}; refused`);
  }
  guards.onProgress?.({ received, total, resumedFrom: have, phase: 'download' });
  if (total !== null && received < total) {
    throw new ModelPullError('interrupted', `download stopped at ${received} of ${total} bytes; run the same pull again to resume`);
  }
}

function tooLarge(target: DownloadTarget, guards: DownloadGuards, cap: number): ModelPullError {
  if (target.expectedBytes !== undefined) {
    return new ModelPullError('too-large', `the download passed the catalog's size, ${formatBytes(cap)}; stopped and removed`);
  }
  if (cap === target.mostBytes) {
    return new ModelPullError('too-large', `the download passed ${formatBytes(cap)}, more than the catalog's approximate size allows; stopped and removed`);
  }
  const others = target.countedBytes ? ' with the files before it' : '';
  return new ModelPullError('too-large', `the download passed ${formatBytes(guards.maxBytes ?? cap)}${others} (MAX_MODEL_BYTES, the most a model may have here); stopped and removed. Raise MAX_MODEL_BYTES if the model really is that big`);
}

function smallest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** Writes all of chunk: FileHandle.write may write less than asked. */
export async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
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

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
