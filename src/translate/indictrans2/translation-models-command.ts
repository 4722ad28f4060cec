import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '../../core/format-bytes.js';
import { catalogListingRows, writeListingTable } from '../../models/catalog-listing.js';
import { pullFailedExitCode } from '../../models/pull/model-pull-error.js';
import { ProgressLine } from '../../models/pull/progress-line.js';
import type { Tier } from '../../models/tiers.js';
import { localExportFiles, pullTranslationModel, verifyTranslationModel, type TranslationPullRequest } from './pull-translation-model.js';
import { loadTranslationCatalog } from './translation-catalog.js';
import { estimateTranslationModelBytes, TranslationModelStore, type TranslationDirection } from './translation-model-store.js';
import type { ModelsCommandContext } from '../../models/models-command-context.js';

export type TranslationModelsContext = ModelsCommandContext;

export interface TranslationListRow {
  id: string;
  name: string;
  direction: string;
  tier: string;
  status: 'installed' | 'missing' | 'partial' | 'broken';
  sizeBytes: number;
  ramBytes: number;
  fits: boolean;
  licence: string;
  checksums: string;
  problem?: string;
}

/** The translation part of `models list`: catalog entries and installed IndicTrans2 exports. */
export async function listTranslationModels(ctx: TranslationModelsContext, options: { json: boolean }): Promise<TranslationListRow[]> {
  const store = new TranslationModelStore(ctx.modelsDir);
  const catalog = await loadTranslationCatalog(ctx.catalogFile);
  const rows = await catalogListingRows(catalog, await store.list(), {
    entry: async (entry, model): Promise<TranslationListRow> => {
      const partial = await stat(store.partDir(entry.id)).then(() => true, () => false);
      const ramBytes = model ? estimateTranslationModelBytes(model.bytes) : entry.estimatedRamBytes;
      return {
        id: entry.id, name: entry.name, direction: entry.direction, tier: entry.tier,
        status: model ? 'installed' : partial ? 'partial' : 'missing',
        sizeBytes: model?.bytes ?? entry.sizeBytes, ramBytes, fits: ramBytes <= ctx.budgetBytes, licence: entry.licence,
        checksums: model ? checksumState(model.manifest.files) : entry.checksums,
      };
    },
    installedOnly: (model): TranslationListRow => {
      const ramBytes = estimateTranslationModelBytes(model.bytes);
      return {
        id: model.manifest.id, name: model.manifest.name ?? model.manifest.id, direction: model.manifest.direction, tier: model.manifest.tier,
        status: 'installed', sizeBytes: model.bytes, ramBytes, fits: ramBytes <= ctx.budgetBytes, licence: model.manifest.licence ?? 'unknown (bring your own)',
        checksums: checksumState(model.manifest.files),
      };
    },
    broken: (id, problem): TranslationListRow => ({ id, name: id, direction: '?', tier: '?', status: 'broken', sizeBytes: 0, ramBytes: 0, fits: false, licence: '?', checksums: '?', problem }),
  });
  if (options.json) return rows;
  const { stdout } = ctx.io;
  stdout.write('\nTranslation models (IndicTrans2, ONNX; the first translation path when installed):\n');
  const table = [['ID', 'DIRECTION', 'TIER', 'STATUS', 'SIZE', 'RAM NEED', 'FITS', 'CHECKSUMS', 'LICENCE'], ...rows.map((r) => [
    r.id, r.direction, r.tier, r.status, r.sizeBytes ? formatBytes(r.sizeBytes) : '-', r.ramBytes ? formatBytes(r.ramBytes) : '-', r.status === 'broken' ? '-' : r.fits ? 'yes' : 'no', r.checksums, r.licence,
  ])];
  writeListingTable(stdout, table, rows);
  return rows;
}

/** `models pull <id>` for a translation catalog id; null when the id is not one. */
export async function pullTranslationFromCatalog(target: string, ctx: TranslationModelsContext): Promise<number | null> {
  const entry = (await loadTranslationCatalog(ctx.catalogFile)).find((m) => m.id === target);
  if (!entry) return null;
  ctx.io.stderr.write(`Pulling ${entry.id} (${entry.name}, ~${formatBytes(entry.sizeBytes)}, ${entry.licence}) from ${new URL(entry.source).host}, revision ${entry.revision}${entry.revisionPinned ? '' : ' (a branch, not a pinned commit)'}\n`);
  if (entry.unverifiedReason) ctx.io.stderr.write(`UNVERIFIED: ${entry.unverifiedReason}. Each file's SHA-256 is recorded on this first pull and later pulls are checked against it.\n`);
  return run({
    id: entry.id, name: entry.name, direction: entry.direction, tier: entry.tier, languages: entry.languages.filter((l) => l !== 'en'),
    source: entry.source, catalogId: entry.id, licence: entry.licence, approxBytes: entry.sizeBytes,
    files: entry.files.map((f) => ({ name: f.name, source: f.url, sizeBytes: f.sizeBytes, sha256: f.sha256, optional: f.optional })),
  }, ctx);
}

/**
 * `models pull DIR --id ID --tier T --task translate`: installs a local export directory. The
 * direction is read from the tokenizers (which side's vocabulary is Latin), else the folder name.
 */
export async function pullTranslationDirectory(dir: string, options: { id: string; tier: Tier; languages: string[] }, ctx: TranslationModelsContext): Promise<number> {
  const files = await localExportFiles(dir);
  const direction = (await detectDirection(dir)) ?? guessDirection(dir);
  if (!direction) {
    ctx.io.stderr.write(`Cannot tell whether ${dir} translates en-indic, indic-en or indic-indic from its tokenizers or its name\n`);
    return 1;
  }
  return run({ id: options.id, direction, tier: options.tier, languages: options.languages.filter((l) => l !== 'en'), source: path.resolve(dir), files }, ctx);
}

/** True when the path is a folder holding an IndicTrans2 export's encoder graph. */
export async function isTranslationExportDir(target: string): Promise<boolean> {
  return stat(path.join(target, 'encoder_model.onnx')).then((s) => s.isFile(), () => false);
}

export async function removeTranslationModel(id: string, ctx: TranslationModelsContext): Promise<boolean> {
  return new TranslationModelStore(ctx.modelsDir).remove(id);
}

/**
 * `models verify` for IndicTrans2 exports: rechecks every file's hash against the manifest. ids
 * null means all installed; otherwise only those ids that are translation models. Returns the ids
 * it handled and how many failed.
 */
export async function verifyTranslationModels(ids: string[] | null, ctx: TranslationModelsContext): Promise<{ ids: string[]; failures: number }> {
  const { models } = await new TranslationModelStore(ctx.modelsDir).list();
  const chosen = models.filter((m) => ids === null || ids.includes(m.manifest.id));
  let failures = 0;
  for (const model of chosen) {
    const problems = await verifyTranslationModel(model, ctx.signal);
    if (problems.length > 0) failures++;
    ctx.io.stdout.write(problems.length ? `FAIL ${model.manifest.id}: ${problems.join('; ')}\n` : `OK   ${model.manifest.id} (${model.manifest.files.length} files, SHA-256 of each as installed)\n`);
  }
  return { ids: chosen.map((m) => m.manifest.id), failures };
}

async function run(request: TranslationPullRequest, ctx: TranslationModelsContext): Promise<number> {
  const progress = new ProgressLine(ctx.io.stderr, { tty: Boolean(ctx.io.stderr.isTTY) });
  let current = '';
  try {
    const { model, warnings } = await pullTranslationModel(request, {
      store: new TranslationModelStore(ctx.modelsDir),
      fetch: ctx.fetch,
      signal: ctx.signal,
      freeDiskBytes: ctx.freeDiskBytes,
      diskMarginBytes: ctx.diskMarginBytes,
      maxBytes: ctx.maxModelBytes,
      onProgress: (file, p) => {
        if (file !== current) {
          progress.finishLine();
          ctx.io.stderr.write(`${file}\n`);
          current = file;
        }
        progress.update(p);
      },
      onFileDone: (file, note) => {
        progress.finishLine();
        ctx.io.stderr.write(`  ${file}: ${note}\n`);
        current = '';
      },
    });
    for (const warning of warnings) ctx.io.stderr.write(`Warning: ${warning}\n`);
    ctx.io.stdout.write(`Installed ${model.manifest.id} (${model.manifest.direction}, ${model.manifest.tier}, ${model.manifest.files.length} files, ${formatBytes(model.bytes)})\n`);
    return 0;
  } catch (err) {
    progress.finishLine();
    return pullFailedExitCode(err, ctx.io.stderr);
  }
}

/** en-indic when the source vocabulary is mostly Latin, indic-en when the target's is, else indic-indic. */
async function detectDirection(dir: string): Promise<TranslationDirection | undefined> {
  const latinShare = async (file: string): Promise<number | null> => {
    try {
      const json = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { model?: { vocab?: Record<string, number> } };
      const pieces = Object.keys(json.model?.vocab ?? {});
      const letters = pieces.filter((p) => /\p{L}/u.test(p));
      if (letters.length === 0) return null;
      return letters.filter((p) => /\p{Script=Latin}/u.test(p)).length / letters.length;
    } catch {
      return null;
    }
  };
  const source = await latinShare('tokenizer_src.json');
  const target = await latinShare('tokenizer_tgt.json');
  if (source === null || target === null) return undefined;
  if (source > 0.5 && target < 0.5) return 'en-indic';
  if (target > 0.5 && source < 0.5) return 'indic-en';
  if (source < 0.5 && target < 0.5) return 'indic-indic';
  return undefined;
}

function guessDirection(dir: string): TranslationDirection | undefined {
  const name = path.basename(path.resolve(dir)).toLowerCase();
  if (name.includes('indic-indic')) return 'indic-indic';
  if (name.includes('indic-en')) return 'indic-en';
  if (name.includes('en-indic')) return 'en-indic';
  return undefined;
}

function checksumState(files: ReadonlyArray<{ verified: boolean }>): string {
  return files.every((f) => f.verified) ? 'verified' : 'recorded';
}

