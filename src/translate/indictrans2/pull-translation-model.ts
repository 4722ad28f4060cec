import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { downloadToPart, metaFileOf, type DownloadGuards, type PullProgress } from '../../models/pull/download-to-part.js';
import { checkFreeDisk } from '../../models/pull/free-disk.js';
import { isModelPullError, ModelPullError } from '../../models/pull/model-pull-error.js';
import { sha256File } from '../../models/pull/sha256-file.js';
import { REQUIRED_FILES, type InstalledTranslationModel, type TranslationDirection, type TranslationModelStore } from './translation-model-store.js';

export interface TranslationFileSource {
  name: string;
  /** https URL, or a local file path. */
  source: string;
  /** Exact size when known. */
  sizeBytes?: number;
  /** Published SHA-256 when known; without it the downloaded hash is recorded and checked from then on. */
  sha256?: string;
  /** A file the server may not have (a layout variant of the export): a 404 skips it. */
  optional?: boolean;
}

export interface TranslationPullRequest {
  id: string;
  name?: string;
  direction: TranslationDirection;
  tier: 'SMALL' | 'MEDIUM' | 'LARGE';
  languages: string[];
  /** What the manifest names as the source (catalog id, URL or directory). */
  source: string;
  catalogId?: string;
  licence?: string;
  files: TranslationFileSource[];
  /** The whole export's size (the catalog's, approximate), for the free-disk check before the first byte. Defaults to the sum of the files' sizes where every one is known. */
  approxBytes?: number;
}

/** Free disk, MAX_MODEL_BYTES (for the whole export), fetch and signal: the guards of the GGUF pull. */
export interface TranslationPullOptions extends Omit<DownloadGuards, 'onProgress'> {
  store: TranslationModelStore;
  onProgress?: (file: string, progress: PullProgress) => void;
  onFileDone?: (file: string, note: string) => void;
}

/**
 * Installs a multi-file IndicTrans2 export: each file is fetched (or copied) into `<id>.part/`,
 * resumed where an earlier pull stopped, sized and hashed; the folder is moved into place only
 * when every file is complete and checked. Downloads have the GGUF pull's guards
 * (download-to-part.ts): the free disk is checked against the export's size before the first
 * byte and against each file's announced size, and MAX_MODEL_BYTES bounds the export's files
 * together, so a server that sends no size cannot fill the disk. A file with no published hash is checked against the
 * hash recorded the first time it was pulled, and recorded (with a warning) when there is none.
 */
export async function pullTranslationModel(request: TranslationPullRequest, options: TranslationPullOptions): Promise<{ model: InstalledTranslationModel; warnings: string[] }> {
  const names = request.files.map((f) => f.name);
  const absent = REQUIRED_FILES.filter((f) => !names.includes(f));
  if (absent.length > 0) throw new ModelPullError('bad-source', `not an IndicTrans2 ONNX export: ${absent.join(', ')} missing`);
  const { store } = options;
  const part = store.partDir(request.id);
  // The room is checked before the part folder exists, so a refused pull leaves nothing behind.
  await mkdir(store.dir, { recursive: true });
  await checkRoomForExport(request, part, options);
  await mkdir(part, { recursive: true });
  const recorded = await store.recordedHashes();
  const warnings: string[] = [];
  const toRecord: Record<string, string> = {};
  const files: Array<{ name: string; sizeBytes: number; sha256: string; verified: boolean }> = [];
  let pulledBytes = 0;
  for (const file of request.files) {
    options.signal?.throwIfAborted();
    const target = path.join(part, file.name);
    const doneMarker = `${target}.sha256`;
    let sha256 = await readFile(doneMarker, 'utf8').then((s) => s.trim(), () => null);
    if (sha256 === null) {
      if ((await fetchOne(file, target, pulledBytes, options)) === 'absent') continue;
      sha256 = await sha256File(target, options.signal);
    }
    const { size } = await stat(target);
    pulledBytes += size;
    if (file.sizeBytes !== undefined && size !== file.sizeBytes) {
      await rm(target, { force: true });
      await rm(doneMarker, { force: true });
      throw new ModelPullError('size-mismatch', `${file.name} is ${size} bytes but ${file.sizeBytes} were expected (removed; pull again)`);
    }
    const recordKey = `${request.catalogId ?? request.source}/${file.name}`;
    const expected = file.sha256?.toLowerCase() ?? recorded[recordKey];
    if (expected && expected !== sha256) {
      await rm(target, { force: true });
      await rm(doneMarker, { force: true });
      const against = file.sha256 ? 'the published hash' : 'the hash recorded when it was first pulled';
      throw new ModelPullError('checksum-mismatch', `${file.name}: SHA-256 is ${sha256}, not ${expected} (${against}); removed, pull again`);
    }
    await writeFile(doneMarker, sha256);
    if (!expected) {
      toRecord[recordKey] = sha256;
    }
    options.onFileDone?.(file.name, file.sha256 ? 'checksum verified' : expected ? 'matches the recorded checksum' : 'checksum recorded (unverified)');
    files.push({ name: file.name, sizeBytes: size, sha256, verified: Boolean(file.sha256) });
  }
  const present = new Set(files.map((f) => f.name));
  const lacking = REQUIRED_FILES.filter((f) => !present.has(f));
  if (lacking.length > 0) throw new ModelPullError('bad-source', `not an IndicTrans2 ONNX export: ${lacking.join(', ')} missing`);
  for (const file of request.files) await rm(path.join(part, `${file.name}.sha256`), { force: true });
  const dir = store.modelDir(request.id);
  await rm(dir, { recursive: true, force: true });
  await rename(part, dir);
  const recordedNow = Object.keys(toRecord).length;
  if (recordedNow > 0) {
    await store.recordHashes(toRecord);
    warnings.push(`${recordedNow} file(s) had no published SHA-256, so they could not be checked: their hashes are recorded in ${store.recordFile} and later pulls are checked against them`);
  }
  await store.writeManifest({
    id: request.id,
    ...(request.name ? { name: request.name } : {}),
    format: 'indictrans2-onnx',
    direction: request.direction,
    tier: request.tier,
    languages: request.languages,
    source: request.source,
    ...(request.catalogId ? { catalogId: request.catalogId } : {}),
    ...(request.licence ? { licence: request.licence } : {}),
    files,
    installedAt: new Date().toISOString(),
  });
  const model = await store.get(request.id);
  if (!model) throw new ModelPullError('corrupt', `${request.id} did not install`);
  return { model, warnings };
}

/**
 * The export's size (less what an earlier pull left in the part folder) must fit on the disk
 * before any file is fetched: a file-by-file check alone would fill the disk with the first
 * files and fail on the last.
 */
async function checkRoomForExport(request: TranslationPullRequest, part: string, options: TranslationPullOptions): Promise<void> {
  const sizes = request.files.map((f) => f.sizeBytes);
  const known = sizes.every((s) => s !== undefined) ? sizes.reduce((sum: number, s) => sum + s!, 0) : undefined;
  const expected = request.approxBytes ?? known;
  if (expected === undefined) return;
  let onDisk = 0;
  for (const name of await readdir(part).catch(() => [])) onDisk += (await stat(path.join(part, name)).catch(() => null))?.size ?? 0;
  await checkFreeDisk(options, path.dirname(part), Math.max(0, expected - onDisk));
}

/** Fetches (or copies) one file into place; `pulledBytes` of the export's earlier files count against MAX_MODEL_BYTES. */
async function fetchOne(file: TranslationFileSource, target: string, pulledBytes: number, options: TranslationPullOptions): Promise<'done' | 'absent'> {
  if (!/^https?:\/\//iu.test(file.source)) {
    const info = await stat(file.source).catch(() => null);
    if (!info?.isFile()) throw new ModelPullError('bad-source', `${file.name}: ${file.source} is not a file`);
    await copyFile(file.source, target);
    options.onProgress?.(file.name, { received: info.size, total: info.size, resumedFrom: 0, phase: 'download' });
    return 'done';
  }
  const part = `${target}.part`;
  try {
    const downloaded = await downloadToPart(
      { url: file.source, part, expectedBytes: file.sizeBytes, countedBytes: pulledBytes, optional: file.optional },
      { ...options, onProgress: (progress) => options.onProgress?.(file.name, progress) },
    );
    if (!downloaded) return 'absent';
  } catch (err) {
    // Which of the export's files failed is what the user needs to read first.
    if (isModelPullError(err)) throw new ModelPullError(err.code, `${file.name}: ${err.message}`);
    throw err;
  }
  await rename(part, target);
  await rm(metaFileOf(part), { force: true });
  return 'done';
}

/** The files of a local export directory, for `models pull DIR --task translate`. */
export async function localExportFiles(dir: string): Promise<TranslationFileSource[]> {
  const names = (await readdir(dir)).filter((n) => /\.(onnx|data|json|SRC|TGT)$/u.test(n) && /^[A-Za-z0-9._-]+$/u.test(n));
  const files: TranslationFileSource[] = [];
  for (const name of names.sort()) {
    const info = await stat(path.join(dir, name));
    if (info.isFile()) files.push({ name, source: path.join(dir, name), sizeBytes: info.size });
  }
  return files;
}

/** Recomputes every file's hash; returns the problems found. */
export async function verifyTranslationModel(model: InstalledTranslationModel, signal?: AbortSignal): Promise<string[]> {
  const problems: string[] = [];
  for (const file of model.manifest.files) {
    const sha = await sha256File(path.join(model.dir, file.name), signal).catch(() => null);
    if (sha !== file.sha256) problems.push(`${file.name}: SHA-256 changed since it was installed`);
  }
  return problems;
}
