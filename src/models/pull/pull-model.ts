import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InstalledModel, ModelManifest, ModelStore } from '../model-store.js';
import { MODEL_ID } from '../model-catalog.js';
import { discardPart, downloadToPart, metaFileOf, writeAll, type DownloadGuards, type PullProgress } from './download-to-part.js';
import { checkFreeDisk } from './free-disk.js';
import { ggufHeaderProblem, inspectGgufFile } from './gguf-file-check.js';
import { ModelPullError } from './model-pull-error.js';
import { redactUrl } from './redact-url.js';
import { sha256File } from './sha256-file.js';

export type { PullProgress } from './download-to-part.js';

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

/** Free disk, MAX_MODEL_BYTES, fetch, signal and progress: the guards of download-to-part.ts. */
export interface PullOptions extends DownloadGuards {
  store: ModelStore;
  onProgress?: (progress: PullProgress) => void;
}

export interface PullResult {
  model: InstalledModel;
  bytes: number;
  sha256: string;
  resumedFrom: number;
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
  const metaFile = metaFileOf(part);
  const isUrl = /^https?:\/\//iu.test(request.source);

  let resumedFrom = 0;
  let total: number | null;
  if (isUrl) {
    const downloaded = await downloadToPart(
      { url: request.source, part, expectedBytes: request.expectedBytes, approxBytes: request.approxBytes, head: { bytes: 24, problem: ggufHeaderProblem, code: 'not-gguf' } },
      options,
    );
    if (!downloaded) throw new ModelPullError('http', `${redactUrl(request.source)} answered HTTP 404`);
    ({ resumedFrom, total } = downloaded);
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
    if (err instanceof ModelPullError) await discardPart(part);
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
  await checkFreeDisk(options, path.dirname(part), info.size);
  const handle = await open(part, 'w');
  let received = 0;
  try {
    for await (const chunk of createReadStream(request.source, { highWaterMark: 1 << 20, signal: options.signal })) {
      received += (chunk as Buffer).length;
      await writeAll(handle, chunk as Buffer);
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
