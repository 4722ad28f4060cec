import { stat } from 'node:fs/promises';
import os from 'node:os';
import { formatBytes } from '../core/format-bytes.js';
import { catalogListingRows, writeListingTable } from './catalog-listing.js';
import { estimateGgufMemory } from './llama/estimate-gguf-memory.js';
import { overBudgetReason } from './memory-budget.js';
import { loadModelCatalog, type CatalogEntry } from './model-catalog.js';
import type { ModelLogger } from './model-logger.js';
import type { PoolStats } from './model-pool.js';
import { ModelStore, type InstalledModel } from './model-store.js';
import { inspectGgufFile } from './pull/gguf-file-check.js';
import { pullFailedExitCode } from './pull/model-pull-error.js';
import { ProgressLine } from './pull/progress-line.js';
import { pullModel } from './pull/pull-model.js';
import { sha256File } from './pull/sha256-file.js';
import type { ModelTask, Tier } from './tiers.js';

// What the CLI needs besides the subcommands, so it reaches the model code through this one file.
export { findCatalogFile } from './find-catalog-file.js';
export { resolveMemoryBudget } from './memory-budget.js';
export { MODEL_ID } from './model-catalog.js';
export type { PoolStats } from './model-pool.js';
export { isTier, MODEL_TASKS, type ModelTask } from './tiers.js';

/** What the `shikshasetu models` subcommands need for the GGUF models (the speech ones have src/speech/speech-models-command.ts). */
export interface GgufModelsContext {
  modelsDir: string;
  /** models/catalog.json. */
  catalogFile: string;
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream & { isTTY?: boolean } };
  budget: { bytes: number; explanation: string };
  /** Config LLM_CONTEXT_SIZE: the context a model's RAM NEED is measured with. */
  contextSize: number;
  logger: ModelLogger;
  /** The running service's pool, to show what is loaded now. Defaults to none (a separate CLI process has nothing loaded). */
  poolStats?: () => PoolStats;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to statfs. */
  freeDiskBytes?: (dir: string) => Promise<number>;
  /** Bytes kept free after a download. Defaults to 256 MiB. */
  diskMarginBytes?: number;
  /** Most bytes one model may have when neither the server nor the catalog sizes it (config MAX_MODEL_BYTES). Defaults to the pull's own bound. */
  maxModelBytes?: number;
  signal?: AbortSignal;
}

export interface GgufModelRow {
  id: string;
  name: string;
  tier: string;
  tasks: string[];
  status: 'installed' | 'missing' | 'partial' | 'broken';
  sizeBytes: number;
  ramBytes: number;
  ramSource: 'file' | 'catalog';
  fits: boolean;
  licence: string;
  languages: string[];
  partialBytes?: number;
  problem?: string;
}

export interface GgufListing {
  budget: { bytes: number; explanation: string };
  machine: { memoryBytes: number; cores: number };
  modelsDir: string;
  pool: PoolStats | null;
  models: GgufModelRow[];
}

/** A model to pull: a catalog id, or a URL or file with what the catalog would have said. */
export type GgufPullRequest =
  | { catalogId: string }
  | { source: string; id: string; tier: Tier; tasks: ModelTask[]; languages: string[]; sha256?: string };

/** The catalog's entry for an id, or undefined when the GGUF catalog has none. */
export async function ggufCatalogEntry(id: string, context: GgufModelsContext): Promise<CatalogEntry | undefined> {
  return (await loadModelCatalog(context.catalogFile)).models.find((m) => m.id === id);
}

/** The GGUF section of `models list`: catalog and installed models, whether each fits the budget, and what is loaded. Writes the table unless json. */
export async function listGgufModels(context: GgufModelsContext, options: { json: boolean }): Promise<GgufListing> {
  const store = new ModelStore(context.modelsDir);
  const catalog = await loadModelCatalog(context.catalogFile);
  const rows = await catalogListingRows(catalog.models, await store.list(), {
    entry: (entry, model) => (model ? installedRow(model, entry, context) : missingRow(entry, store, context)),
    installedOnly: (model) => installedRow(model, undefined, context),
    broken: (id, problem): GgufModelRow => ({ id, name: id, tier: '?', tasks: [], status: 'broken', sizeBytes: 0, ramBytes: 0, ramSource: 'file', fits: false, licence: '?', languages: [], problem }),
  });
  const listing: GgufListing = {
    budget: context.budget,
    machine: { memoryBytes: os.totalmem(), cores: os.availableParallelism() },
    modelsDir: store.dir,
    pool: context.poolStats?.() ?? null,
    models: rows,
  };
  if (!options.json) writeTable(listing, context);
  return listing;
}

function writeTable({ budget, machine, modelsDir, pool, models: rows }: GgufListing, context: GgufModelsContext): void {
  const out = context.io.stdout;
  out.write(`Model memory budget: ${formatBytes(budget.bytes)} (${budget.explanation}); this machine: ${formatBytes(machine.memoryBytes)} RAM, ${machine.cores} cores\n`);
  out.write(`Models directory: ${modelsDir}\n\n`);
  const table = [
    ['ID', 'TIER', 'TASKS', 'STATUS', 'SIZE', 'RAM NEED', 'FITS', 'LICENCE'],
    ...rows.map((r) => [
      r.id, r.tier, r.tasks.join(','),
      r.status === 'partial' ? `partial ${formatBytes(r.partialBytes ?? 0)}` : r.status,
      r.sizeBytes ? formatBytes(r.sizeBytes) : '-',
      r.ramBytes ? `${r.ramSource === 'catalog' ? '~' : ''}${formatBytes(r.ramBytes)}` : '-',
      r.status === 'broken' ? '-' : r.fits ? 'yes' : 'no',
      r.licence,
    ]),
  ];
  writeListingTable(out, table, rows);
  const served = (['SMALL', 'MEDIUM', 'LARGE'] as const).map((tier) => {
    const usable = rows.filter((r) => r.tier === tier && r.status === 'installed' && r.fits);
    return `${tier}: ${usable.length ? usable.map((r) => `${r.id} (${r.tasks.join(',')})`).join(', ') : '-'}`;
  });
  out.write(`\nServing now, by tier: ${served.join('; ')}\n`);
  out.write(`RAM NEED is weights plus a ${context.contextSize}-token context (~ = catalog estimate; pulled models are measured from their file). FITS = within the budget.\n`);
  if (pool) {
    out.write(`Loaded now: ${pool.loaded.length ? pool.loaded.map((l) => `${l.id} (${formatBytes(l.bytes)}${l.inUse ? `, in use by ${l.inUse}` : ''})`).join(', ') : 'none'}; pool ${formatBytes(pool.usedBytes)} of ${formatBytes(pool.budgetBytes)}\n`);
  } else {
    out.write('Loaded now: none in this process (the service loads models on demand and unloads them when idle).\n');
  }
}

async function installedRow(model: InstalledModel, entry: CatalogEntry | undefined, context: GgufModelsContext): Promise<GgufModelRow> {
  const base = {
    id: model.manifest.id,
    name: model.manifest.name ?? entry?.name ?? model.manifest.id,
    tier: model.tier,
    tasks: model.tasks,
    sizeBytes: model.manifest.sizeBytes,
    licence: model.manifest.licence ?? entry?.licence ?? 'unknown (bring your own)',
    languages: model.manifest.languages,
  };
  try {
    const estimate = await estimateGgufMemory(model.file, { contextSize: context.contextSize });
    return { ...base, status: 'installed', ramBytes: estimate.bytes, ramSource: 'file', fits: overBudgetReason(base.id, estimate.bytes, context.budget.bytes) === null };
  } catch (err) {
    return { ...base, status: 'broken', ramBytes: 0, ramSource: 'file', fits: false, problem: `cannot read the GGUF file: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function missingRow(entry: CatalogEntry, store: ModelStore, context: GgufModelsContext): Promise<GgufModelRow> {
  const partial = await store.hasPartial(entry.id);
  return {
    id: entry.id,
    name: entry.name,
    tier: entry.tier,
    tasks: entry.tasks,
    status: partial !== null ? 'partial' : 'missing',
    ...(partial !== null ? { partialBytes: partial } : {}),
    sizeBytes: entry.sizeBytes,
    ramBytes: entry.estimatedRamBytes,
    ramSource: 'catalog',
    fits: overBudgetReason(entry.id, entry.estimatedRamBytes, context.budget.bytes) === null,
    licence: entry.licence,
    languages: entry.languages,
  };
}

/** `models pull` for a GGUF model, with a progress line; an interrupted pull resumes. Returns the exit code. */
export async function pullGgufModel(request: GgufPullRequest, context: GgufModelsContext): Promise<number> {
  const { stdout, stderr } = context.io;
  let pull: Parameters<typeof pullModel>[0];
  if ('catalogId' in request) {
    const entry = await ggufCatalogEntry(request.catalogId, context);
    if (!entry) throw new Error(`${request.catalogId} is not in the catalog`);
    pull = {
      id: entry.id,
      source: entry.url,
      expectedBytes: entry.sizeExact ? entry.sizeBytes : undefined,
      approxBytes: entry.sizeBytes,
      sha256: entry.sha256,
      manifest: { name: entry.name, tier: entry.tier, tasks: entry.tasks, languages: entry.languages, catalogId: entry.id, licence: entry.licence },
    };
    stderr.write(`Pulling ${entry.id} (${entry.name}, ${formatBytes(entry.sizeBytes)}, ${entry.licence}) from ${new URL(entry.url).host}\n`);
    if (entry.licenceNotes) stderr.write(`Licence: ${entry.licenceNotes}\n`);
  } else {
    pull = { id: request.id, source: request.source, sha256: request.sha256, manifest: { tier: request.tier, tasks: [...new Set(request.tasks)], languages: request.languages } };
  }
  const progress = new ProgressLine(stderr, { tty: Boolean(stderr.isTTY) });
  try {
    const result = await pullModel(pull, {
      store: new ModelStore(context.modelsDir),
      fetch: context.fetch,
      freeDiskBytes: context.freeDiskBytes,
      diskMarginBytes: context.diskMarginBytes,
      maxBytes: context.maxModelBytes,
      signal: context.signal,
      onProgress: (p) => progress.update(p),
    });
    progress.finishLine();
    context.logger.info({ model: result.model.manifest.id, bytes: result.bytes, resumedFrom: result.resumedFrom }, 'model pulled');
    stdout.write(`Installed ${result.model.manifest.id} (${formatBytes(result.bytes)}${result.resumedFrom ? `, resumed from ${formatBytes(result.resumedFrom)}` : ''}) sha256 ${result.sha256}\n`);
    return 0;
  } catch (err) {
    progress.finishLine();
    return pullFailedExitCode(err, stderr);
  }
}

/**
 * `models verify` for GGUF models: size, GGUF structure and SHA-256 against what was installed and
 * what the catalog says. ids null: every installed model, and the manifests that cannot be read.
 */
export async function verifyGgufModels(ids: readonly string[] | null, context: GgufModelsContext): Promise<{ checked: number; failures: number }> {
  const out = context.io.stdout;
  const { models, problems } = await new ModelStore(context.modelsDir).list();
  const catalog = await loadModelCatalog(context.catalogFile).catch(() => null);
  let failures = 0;
  if (!ids) {
    for (const problem of problems) {
      out.write(`FAIL ${problem}\n`);
      failures++;
    }
  }
  const wanted = ids ?? models.map((m) => m.manifest.id);
  for (const id of wanted) {
    const model = models.find((m) => m.manifest.id === id);
    if (!model) {
      out.write(`FAIL ${id}: not installed\n`);
      failures++;
      continue;
    }
    const problem = await verifyOne(model, catalog?.models.find((m) => m.id === (model.manifest.catalogId ?? id)));
    if (problem) failures++;
    out.write(problem ? `FAIL ${id}: ${problem}\n` : `OK   ${id} (${formatBytes(model.manifest.sizeBytes)}, sha256 ${model.manifest.sha256.slice(0, 12)}…)\n`);
  }
  return { checked: wanted.length + (ids ? 0 : problems.length), failures };
}

async function verifyOne(model: InstalledModel, entry: CatalogEntry | undefined): Promise<string | null> {
  const { size } = await stat(model.file);
  if (size !== model.manifest.sizeBytes) return `size is ${size} bytes, ${model.manifest.sizeBytes} were installed`;
  if (entry?.sizeExact && size !== entry.sizeBytes) return `size is ${size} bytes, the catalog says ${entry.sizeBytes}`;
  const report = await inspectGgufFile(model.file);
  if (report.problem) return report.problem;
  const sha256 = await sha256File(model.file);
  if (sha256 !== model.manifest.sha256) return `SHA-256 changed since it was installed (${sha256})`;
  if (entry?.sha256 && sha256 !== entry.sha256) return `SHA-256 ${sha256} is not the catalog's ${entry.sha256}`;
  return null;
}

/** `models rm <id>` for a GGUF model; false when there is none of that id. */
export async function removeGgufModel(id: string, context: GgufModelsContext): Promise<boolean> {
  return new ModelStore(context.modelsDir).remove(id);
}

