import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import * as tar from 'tar';
import unbzip2 from 'unbzip2-stream';
import type { SpeechCatalogEntry } from './speech-catalog.js';
import { detectSpeechModel } from './speech-model-layout.js';
import type { InstalledSpeechModel, SpeechModelStore } from './speech-model-store.js';

export interface PullSpeechProgress {
  /** Bytes downloaded so far, over all files. */
  received: number;
  /** The catalog's size of the whole download (approximate unless sizeExact). */
  expected: number;
  file: string;
}

export interface PullSpeechOptions {
  store: SpeechModelStore;
  signal?: AbortSignal;
  onProgress?: (progress: PullSpeechProgress) => void;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /**
   * Most bytes downloaded, and most bytes an archive may unpack to, as a multiple of the
   * catalog size: a server or archive that sends more is refused (a wrong URL, a bomb). Defaults to 3.
   */
  sizeFactor?: number;
}

/** A pull failed; the partial download is removed and nothing is installed. */
export class SpeechPullError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SpeechPullError';
  }
}

// Sample recordings and archives-in-archives that some packages carry: never needed to run.
const SKIPPED = /(^|\/)(test_wavs?|samples?)(\/|$)|\.(wav|mp3|flac|ogg|tar|bz2|gz|zip)$/iu;

/**
 * Installs a catalog speech model: its files (Whisper) or its tar.bz2 package (voices, with
 * espeak-ng data) are fetched into a hidden working directory beside the store, checked (the
 * download and the unpacked bytes are bounded, an archive may hold only plain files and
 * directories inside the model's folder, and the result must be the kind of model the catalog
 * says, by detectSpeechModel), then moved into place with a manifest in one rename. A failure
 * at any step removes the working directory.
 */
export async function pullSpeechModel(entry: SpeechCatalogEntry, options: PullSpeechOptions): Promise<InstalledSpeechModel> {
  const { store, signal } = options;
  if (await store.get(entry.id).catch(() => null)) throw new SpeechPullError(`${entry.id} is already installed; remove it first with: shikshasetu models rm ${entry.id}`);
  // A verified entry's size is exact: not one byte more is accepted.
  const limit = entry.unverified === undefined && entry.sizeExact ? entry.sizeBytes : Math.ceil(entry.sizeBytes * (options.sizeFactor ?? 3));
  const work = path.join(store.root, `.${entry.id}.partial-${process.pid}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const progress = { received: 0, expected: entry.sizeBytes, file: '' };
  const count = (file: string, bytes: number) => {
    progress.received += bytes;
    progress.file = file;
    if (progress.received > limit) throw new SpeechPullError(`${entry.id}: the download is larger than ${limit} bytes, far more than the catalog's ${entry.sizeBytes}`);
    options.onProgress?.({ ...progress });
  };
  const checksums: Record<string, string> = {};
  try {
    if (entry.files) {
      for (const file of entry.files) {
        const body = await download(file.url, options, limit);
        const hash = createHash('sha256');
        let bytes = 0;
        await pipeline(body, meter((n) => (count(file.path, n), (bytes += n)), hash), createWriteStream(path.join(work, file.path)), { signal });
        checksums[file.path] = checkDownload(entry.id, file, bytes, hash.digest('hex'));
      }
    } else if (entry.archive) {
      const body = await download(entry.archive.url, options, limit);
      const hash = createHash('sha256');
      let unpacked = 0;
      const extract = tar.x({
        cwd: work,
        strip: 1,
        filter: (entryPath, stat) => {
          const type = 'type' in stat ? stat.type : stat.isDirectory() ? 'Directory' : 'File';
          if (type !== 'File' && type !== 'Directory' && type !== 'OldFile' && type !== 'ContiguousFile') return false;
          if (SKIPPED.test(entryPath)) return false;
          unpacked += stat.size ?? 0;
          if (unpacked > limit * 4) throw new SpeechPullError(`${entry.id}: the archive unpacks to more than ${limit * 4} bytes`);
          return true;
        },
      });
      let bytes = 0;
      await pipeline(body, meter((n) => (count(path.basename(entry.archive!.url), n), (bytes += n)), hash), unbzip2(), extract, { signal });
      // The archive streams through the unpacker, so it is checked once it has all arrived; on a
      // mismatch the unpacked work directory is removed with everything else.
      checksums[path.basename(entry.archive.url)] = checkDownload(entry.id, entry.archive, bytes, hash.digest('hex'));
      for (const name of entry.archive.omit ?? []) await rm(path.join(work, name), { force: true });
    }

    const layout = await detectSpeechModel(work).catch((err: unknown) => {
      throw new SpeechPullError(`${entry.id}: the download is not a usable ${entry.kind}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    });
    if (layout.kind !== entry.kind) throw new SpeechPullError(`${entry.id}: the catalog says ${entry.kind} but the files are a ${layout.kind}`);

    const finalDir = store.modelDir(entry.id);
    await rm(finalDir, { recursive: true, force: true });
    await rename(work, finalDir);
    await store.writeManifest({
      id: entry.id,
      name: entry.name,
      kind: entry.kind,
      languages: entry.languages,
      ...(entry.preferredFor ? { preferredFor: entry.preferredFor } : {}),
      source: entry.files ? entry.files.map((f) => f.url).join(' ') : entry.archive!.url,
      catalogId: entry.id,
      licence: entry.licence,
      commercialUse: entry.commercialUse === 'yes',
      sizeBytes: progress.received,
      checksums,
      installedAt: new Date().toISOString(),
    });
    const installed = await store.get(entry.id);
    if (!installed) throw new SpeechPullError(`${entry.id}: installed but cannot be read back`);
    return installed;
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    if (err instanceof SpeechPullError || signal?.aborted) throw err;
    throw new SpeechPullError(`${entry.id}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** The download's SHA-256, once its size and hash are what the catalog recorded (where it recorded them). */
function checkDownload(id: string, expected: { url: string; sizeBytes?: number; sha256?: string }, bytes: number, actual: string): string {
  const name = path.basename(new URL(expected.url).pathname);
  if (expected.sizeBytes !== undefined && bytes !== expected.sizeBytes) throw new SpeechPullError(`${id}: ${name} is ${bytes} bytes, but the catalog pins ${expected.sizeBytes}`);
  if (expected.sha256 !== undefined && actual !== expected.sha256) throw new SpeechPullError(`${id}: ${name} has SHA-256 ${actual}, but the catalog pins ${expected.sha256}: not installed`);
  return actual;
}

async function download(url: string, options: PullSpeechOptions, limit: number): Promise<Readable> {
  const response = await (options.fetch ?? fetch)(url, { redirect: 'follow', signal: options.signal });
  if (!response.ok || !response.body) throw new SpeechPullError(`GET ${url} answered ${response.status}`);
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(announced) && announced > limit) throw new SpeechPullError(`GET ${url} announces ${announced} bytes, more than the ${limit} allowed`);
  return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
}

/** Passes bytes through, counting and hashing them; the counter may throw to stop the download. */
function meter(onBytes: (n: number) => void, hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      try {
        onBytes(chunk.length);
        hash.update(chunk);
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
