import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import unbzip2 from 'unbzip2-stream';
import { formatBytes } from '../core/format-bytes.js';
import { discardPart, downloadToPart, type DownloadGuards, type PullProgress } from '../models/pull/download-to-part.js';
import { checkFreeDisk } from '../models/pull/free-disk.js';
import { isModelPullError, ModelPullError } from '../models/pull/model-pull-error.js';
import { sha256File } from '../models/pull/sha256-file.js';
import type { SpeechCatalogEntry } from './speech-catalog.js';
import { detectSpeechModel } from './speech-model-layout.js';
import type { InstalledSpeechModel, SpeechModelStore } from './speech-model-store.js';

/**
 * Room reserved for an archive's unpacked files, per byte of the archive, while the archive is
 * still on disk. From the catalog's packages: Omnilingual 300M is 292 MB packed and about 366 MB
 * unpacked (1.25, its catalog note); Whisper tiny (116 MB) and small (639 MB) hold 256 MB and
 * 1344 MB of files (their Hugging Face twins' listings), 2.2 and 2.1 times, but 0.89 and 0.59
 * once their float32 copies are skipped while unpacking (`omit`); a Piper medium voice is 67.2 MB
 * packed for a 63.5 MB model plus espeak-ng-data, which packs about 2x (the fixtures' 0.98 MB of
 * it pack to 0.49 MB), so an estimated 1.2 (its unpacked size is not published). 2 leaves room
 * over the largest for the unverified voices, whose contents nobody here has seen. The unpack cap
 * is the same ratio (plus UNPACK_SLACK_BYTES), so an archive cannot unpack to much more than was
 * reserved for it.
 */
export const UNPACK_RATIO = 2;
/**
 * What an archive may unpack to beyond UNPACK_RATIO: small packages are mostly text that packs
 * 2-5x (tokens lists, espeak-ng dictionaries; the test fixtures measure up to 4.9x at a few kB).
 * The free-disk margin (256 MiB unless set) absorbs it.
 */
const UNPACK_SLACK_BYTES = 32 * 1024 * 1024;

/** Free disk, MAX_MODEL_BYTES, fetch and signal: the guards of the GGUF and IndicTrans2 pulls. */
export interface PullSpeechOptions extends Omit<DownloadGuards, 'onProgress'> {
  store: SpeechModelStore;
  /** Each file's download progress (an archive is one file). */
  onProgress?: (file: string, progress: PullProgress) => void;
  /** A file is downloaded and checked; note says how (against the catalog's pins, or recorded only). */
  onFileDone?: (file: string, note: string) => void;
  /**
   * For an entry whose size is approximate: most bytes it may download, as a multiple of the
   * catalog size (a wrong URL). A pinned entry's exact size is its bound. Defaults to 3.
   */
  sizeFactor?: number;
}

// Sample recordings and archives-in-archives that some packages carry: never needed to run.
const SKIPPED = /(^|\/)(test_wavs?|samples?)(\/|$)|\.(wav|mp3|flac|ogg|tar|bz2|gz|zip)$/iu;

/**
 * Installs a catalog speech model. Its files (Whisper, the VAD) or its tar.bz2 package (voices,
 * with espeak-ng data) download into `.<id>.part/` beside the store through the shared
 * downloader (download-to-part.ts): an interrupted pull resumes with a range request, a server
 * that sends no size stops at MAX_MODEL_BYTES (or, for an approximate entry, sizeFactor times its
 * catalog size), and before the first byte the free disk must hold the download and, for an
 * archive, the files it unpacks to (UNPACK_RATIO). Pinned sizes and SHA-256 are checked before a
 * byte is unpacked; an archive may hold only plain files and directories inside the model's
 * folder and unpack to a bounded size; the result must be the kind of model the catalog says
 * (detectSpeechModel). It then moves into place with a manifest in one rename. Only an
 * interrupted download is kept, for the next pull to resume; any other failure removes the
 * part folder, so nothing is left behind.
 */
export async function pullSpeechModel(entry: SpeechCatalogEntry, options: PullSpeechOptions): Promise<InstalledSpeechModel> {
  const { store, signal } = options;
  if (await store.get(entry.id).catch(() => null)) throw new ModelPullError('exists', `${entry.id} is already installed; remove it first with: shikshasetu models rm ${entry.id}`);
  const partDir = path.join(store.root, `.${entry.id}.part`);
  const modelDir = path.join(partDir, 'model');
  await mkdir(store.root, { recursive: true });
  try {
    // Checked before the part folder exists, so a refusal leaves nothing behind.
    const room = await roomNeeded(entry, partDir);
    await checkFreeDisk(options, store.root, room.bytes, room.what);
    await mkdir(modelDir, { recursive: true });
    const checksums: Record<string, string> = {};
    let downloaded = 0;
    if (entry.files) {
      for (const file of entry.files) {
        const target = path.join(modelDir, file.path);
        // A file moves into the model folder only once complete and checked: a resumed pull keeps it.
        if (!(await stat(target).catch(() => null))) {
          await fetchPart(entry, file, path.join(partDir, `${file.path}.part`), downloaded, options);
          await rename(path.join(partDir, `${file.path}.part`), target);
        }
        const bytes = (await stat(target)).size;
        checksums[file.path] = await checkDownload(entry.id, file, target, bytes, signal);
        options.onFileDone?.(file.path, file.sha256 ? 'size and SHA-256 match the catalog' : 'SHA-256 recorded (the catalog pins none)');
        downloaded += bytes;
      }
    } else if (entry.archive) {
      const name = path.basename(new URL(entry.archive.url).pathname);
      const part = path.join(partDir, `${name}.part`);
      await fetchPart(entry, entry.archive, part, 0, options, UNPACK_RATIO);
      downloaded = (await stat(part)).size;
      // Checked before unpacking: bytes that are not the pinned archive never reach the unpacker.
      checksums[name] = await checkDownload(entry.id, entry.archive, part, downloaded, signal);
      options.onFileDone?.(name, entry.archive.sha256 ? 'size and SHA-256 match the catalog; unpacking' : 'SHA-256 recorded (the catalog pins none); unpacking');
      await unpack(entry, part, modelDir, downloaded, signal);
      await discardPart(part);
    }

    const layout = await detectSpeechModel(modelDir).catch((err: unknown) => {
      throw new ModelPullError('corrupt', `${entry.id}: the download is not a usable ${entry.kind}: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (layout.kind !== entry.kind) throw new ModelPullError('corrupt', `${entry.id}: the catalog says ${entry.kind} but the files are a ${layout.kind}`);

    const finalDir = store.modelDir(entry.id);
    await rm(finalDir, { recursive: true, force: true });
    await rename(modelDir, finalDir);
    await rm(partDir, { recursive: true, force: true });
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
      sizeBytes: downloaded,
      checksums,
      installedAt: new Date().toISOString(),
    });
    const installed = await store.get(entry.id);
    if (!installed) throw new ModelPullError('corrupt', `${entry.id}: installed but cannot be read back`);
    return installed;
  } catch (err) {
    const resumable = (isModelPullError(err) && err.code === 'interrupted') || signal?.aborted;
    if (!resumable) await rm(partDir, { recursive: true, force: true });
    if (isModelPullError(err)) throw err.message.startsWith(`${entry.id}:`) ? err : new ModelPullError(err.code, `${entry.id}: ${err.message}`);
    if (signal?.aborted) throw err;
    throw new ModelPullError('corrupt', `${entry.id}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Free disk the pull needs from here: the download (less what an earlier, interrupted pull left)
 * and, for an archive, UNPACK_RATIO times its size for the files it unpacks to while it is still
 * on disk. The catalog's size is the archive's (exact when pinned, approximate otherwise).
 */
async function roomNeeded(entry: SpeechCatalogEntry, partDir: string): Promise<{ bytes: number; what?: string }> {
  let onDisk = 0;
  for (const name of await readdir(partDir, { recursive: true }).catch(() => [])) {
    // Partial downloads, and a files entry's finished files; never an archive's unpacked ones.
    const counts = name.endsWith('.part') || (entry.files !== undefined && name.startsWith(`model${path.sep}`));
    const info = counts ? await stat(path.join(partDir, name)).catch(() => null) : null;
    if (info?.isFile()) onDisk += info.size;
  }
  const download = Math.max(0, entry.sizeBytes - onDisk);
  if (!entry.archive) return { bytes: download };
  const unpacked = Math.ceil(entry.sizeBytes * UNPACK_RATIO);
  return { bytes: download + unpacked, what: `${formatBytes(download)} to download and ${UNPACK_RATIO}x the archive, ${formatBytes(unpacked)}, for what it unpacks to` };
}

/** One file or the archive into `part`, with the shared downloader's guards; `counted` bytes of the entry's earlier files count against the caps. */
async function fetchPart(
  entry: SpeechCatalogEntry,
  source: { url: string; sizeBytes?: number },
  part: string,
  counted: number,
  options: PullSpeechOptions,
  unpackRatio?: number,
): Promise<void> {
  const name = path.basename(part, '.part');
  // An approximate entry is bounded by a multiple of its size; a pinned one by its exact size.
  const mostBytes = source.sizeBytes === undefined ? Math.ceil(entry.sizeBytes * (options.sizeFactor ?? 3)) - counted : undefined;
  const done = await downloadToPart(
    {
      url: source.url,
      part,
      expectedBytes: source.sizeBytes,
      approxBytes: entry.files ? undefined : entry.sizeBytes,
      countedBytes: counted,
      mostBytes,
      unpackRatio,
    },
    { ...options, onProgress: (progress) => options.onProgress?.(name, progress) },
  );
  if (!done) throw new ModelPullError('http', `${source.url} answered HTTP 404`);
}

/** The file's SHA-256, once its size and hash are what the catalog pins (where it pins them). */
async function checkDownload(id: string, expected: { url: string; sizeBytes?: number; sha256?: string }, file: string, bytes: number, signal?: AbortSignal): Promise<string> {
  const name = path.basename(new URL(expected.url).pathname);
  if (expected.sizeBytes !== undefined && bytes !== expected.sizeBytes) throw new ModelPullError('size-mismatch', `${id}: ${name} is ${bytes} bytes, but the catalog pins ${expected.sizeBytes}`);
  const actual = await sha256File(file, signal);
  if (expected.sha256 !== undefined && actual !== expected.sha256) throw new ModelPullError('checksum-mismatch', `${id}: ${name} has SHA-256 ${actual}, but the catalog pins ${expected.sha256}: not installed`);
  return actual;
}

/**
 * Unpacks the tar.bz2 into modelDir, its top folder stripped: only plain files and directories,
 * no samples, none of the files the catalog omits, and at most UNPACK_RATIO times the archive's
 * size (plus a little slack for small, text-heavy packages), the room the free-disk check reserved.
 */
async function unpack(entry: SpeechCatalogEntry, archive: string, modelDir: string, archiveBytes: number, signal?: AbortSignal): Promise<void> {
  const omitted = new Set(entry.archive?.omit ?? []);
  const cap = Math.ceil(archiveBytes * UNPACK_RATIO) + UNPACK_SLACK_BYTES;
  let unpacked = 0;
  const extract = tar.x({
    cwd: modelDir,
    strip: 1,
    filter: (entryPath, info) => {
      const type = 'type' in info ? info.type : info.isDirectory() ? 'Directory' : 'File';
      if (type !== 'File' && type !== 'Directory' && type !== 'OldFile' && type !== 'ContiguousFile') return false;
      if (SKIPPED.test(entryPath)) return false;
      // Never written at all, so they take no room (Whisper's float32 copies).
      if (omitted.has(entryPath.split('/').slice(1).join('/'))) return false;
      unpacked += info.size ?? 0;
      if (unpacked > cap) throw new ModelPullError('too-large', `the archive unpacks to more than ${formatBytes(cap)} (${UNPACK_RATIO} times its size, the room reserved for it); refused`);
      return true;
    },
  });
  await pipeline(createReadStream(archive, { highWaterMark: 1 << 20 }), unbzip2(), extract, { signal });
}

