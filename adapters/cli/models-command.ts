import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config/settings.js';
import type { Logger } from '../../src/app/logger.js';
import { isSupportedLanguage, LANGUAGE_CODES } from '../../src/core/languages.js';
import { findCatalogFile } from '../../src/models/find-catalog-file.js';
import { estimateGgufMemory } from '../../src/models/llama/estimate-gguf-memory.js';
import { resolveMemoryBudget } from '../../src/models/memory-budget.js';
import { loadModelCatalog, MODEL_ID, type CatalogEntry } from '../../src/models/model-catalog.js';
import type { PoolStats } from '../../src/models/model-pool.js';
import { ModelStore, type InstalledModel } from '../../src/models/model-store.js';
import { inspectGgufFile } from '../../src/models/pull/gguf-file-check.js';
import { isModelPullError } from '../../src/models/pull/model-pull-error.js';
import { ProgressLine } from '../../src/models/pull/progress-line.js';
import { pullModel } from '../../src/models/pull/pull-model.js';
import { sha256File } from '../../src/models/pull/sha256-file.js';
import { isTier, MODEL_TASKS, type ModelTask } from '../../src/models/tiers.js';
import { listSpeechModels, pullSpeechFromCatalog, removeSpeechModel, verifySpeechModels, type SpeechModelsContext } from '../../src/speech/speech-models-command.js';
import { CliUsageError } from './read-input.js';

export const MODELS_USAGE = `Usage: shikshasetu models list [--json]
       shikshasetu models pull <catalog-id>
       shikshasetu models pull <url-or-path> --id ID --tier SMALL|MEDIUM|LARGE --task simplify,translate
                               [--languages en,hi,...] [--sha256 HEX]
       shikshasetu models verify [ID...]
       shikshasetu models rm ID
Lists, pulls (with a progress bar; an interrupted pull resumes), verifies and removes the local
models in MODELS_DIR. The catalog is models/catalog.json. Speech models (recognisers, voices, the
VAD: its "speech" section) are pulled by catalog id the same way and live in MODELS_DIR/speech;
list shows which languages have recognition and which a natural voice.`;

export interface ModelsIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Seams for tests and for a process that already runs the models. */
export interface ModelsCommandOptions {
  /** Defaults to the models directory's catalog.json, else the package's models/catalog.json. */
  catalogFile?: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to statfs. */
  freeDiskBytes?: (dir: string) => Promise<number>;
  /** Bytes kept free after a download. Defaults to 256 MiB. */
  diskMarginBytes?: number;
  /** The running service's pool, to show what is loaded now. Defaults to none (a separate CLI process has nothing loaded). */
  poolStats?: () => PoolStats;
  signal?: AbortSignal;
  /** Most bytes one model may have. Defaults to config MAX_MODEL_BYTES. */
  maxModelBytes?: number;
}

/** `shikshasetu models`: list, pull, verify, rm. Returns the exit code: 0 done, 1 failed, 2 wrong usage. */
export async function runModelsCommand(argv: string[], config: Config, logger: Logger, io: ModelsIo, options: ModelsCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = argv;
  const store = new ModelStore(path.resolve(config.modelsDir));
  const catalogFile = options.catalogFile ?? (await findCatalogFile(store.dir));
  const speech = (): SpeechModelsContext => ({
    modelsDir: store.dir,
    catalogFile,
    io,
    budgetBytes: resolveMemoryBudget(config.modelMemoryBudget).bytes,
    fetch: options.fetch,
    signal: options.signal,
  });
  switch (sub) {
    case 'list':
      return list(rest, config, store, catalogFile, io, options, speech());
    case 'pull':
      return pull(rest, store, catalogFile, io, logger, { ...options, maxModelBytes: options.maxModelBytes ?? config.maxModelBytes }, speech());
    case 'verify':
      return verify(rest, store, catalogFile, io, speech());
    case 'rm':
    case 'remove':
      return remove(rest, store, io, logger, speech());
    default:
      throw new CliUsageError(sub ? `unknown models command "${sub}"\n${MODELS_USAGE}` : MODELS_USAGE);
  }
}

interface ListRow {
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

async function list(argv: string[], config: Config, store: ModelStore, catalogFile: string, io: ModelsIo, options: ModelsCommandOptions, speech: SpeechModelsContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const catalog = await loadModelCatalog(catalogFile);
  const budget = resolveMemoryBudget(config.modelMemoryBudget);
  const { models: installed, problems } = await store.list();
  const byId = new Map(installed.map((m) => [m.manifest.id, m]));
  const rows: ListRow[] = [];
  for (const entry of catalog.models) {
    const model = byId.get(entry.id);
    byId.delete(entry.id);
    rows.push(model ? await installedRow(model, entry, config, budget.bytes) : await missingRow(entry, store, budget.bytes));
  }
  for (const model of byId.values()) rows.push(await installedRow(model, undefined, config, budget.bytes));
  for (const problem of problems) {
    const id = problem.split(':')[0]!;
    rows.push({ id, name: id, tier: '?', tasks: [], status: 'broken', sizeBytes: 0, ramBytes: 0, ramSource: 'file', fits: false, licence: '?', languages: [], problem });
  }
  const pool = options.poolStats?.() ?? null;
  const machine = { memoryBytes: os.totalmem(), cores: os.availableParallelism() };

  if (values.json) {
    const speechListing = await listSpeechModels(speech, { json: true });
    io.stdout.write(`${JSON.stringify({ budget, machine, modelsDir: store.dir, pool, models: rows, speech: speechListing }, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`Model memory budget: ${gb(budget.bytes)} (${budget.explanation}); this machine: ${gb(machine.memoryBytes)} RAM, ${machine.cores} cores\n`);
  io.stdout.write(`Models directory: ${store.dir}\n\n`);
  const table = [
    ['ID', 'TIER', 'TASKS', 'STATUS', 'SIZE', 'RAM NEED', 'FITS', 'LICENCE'],
    ...rows.map((r) => [
      r.id, r.tier, r.tasks.join(','),
      r.status === 'partial' ? `partial ${gb(r.partialBytes ?? 0)}` : r.status,
      r.sizeBytes ? gb(r.sizeBytes) : '-',
      r.ramBytes ? `${r.ramSource === 'catalog' ? '~' : ''}${gb(r.ramBytes)}` : '-',
      r.status === 'broken' ? '-' : r.fits ? 'yes' : 'no',
      r.licence,
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) io.stdout.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
  for (const r of rows.filter((row) => row.problem)) io.stdout.write(`  ${r.id}: ${r.problem}\n`);
  const served = (['SMALL', 'MEDIUM', 'LARGE'] as const).map((tier) => {
    const usable = rows.filter((r) => r.tier === tier && r.status === 'installed' && r.fits);
    return `${tier}: ${usable.length ? usable.map((r) => `${r.id} (${r.tasks.join(',')})`).join(', ') : '-'}`;
  });
  io.stdout.write(`\nServing now, by tier: ${served.join('; ')}\n`);
  io.stdout.write(`RAM NEED is weights plus a ${config.llmContextSize}-token context (~ = catalog estimate; pulled models are measured from their file). FITS = within the budget.\n`);
  if (pool) {
    io.stdout.write(`Loaded now: ${pool.loaded.length ? pool.loaded.map((l) => `${l.id} (${gb(l.bytes)}${l.inUse ? `, in use by ${l.inUse}` : ''})`).join(', ') : 'none'}; pool ${gb(pool.usedBytes)} of ${gb(pool.budgetBytes)}\n`);
  } else {
    io.stdout.write('Loaded now: none in this process (the service loads models on demand and unloads them when idle).\n');
  }
  await listSpeechModels(speech, { json: false });
  return 0;
}

async function installedRow(model: InstalledModel, entry: CatalogEntry | undefined, config: Config, budgetBytes: number): Promise<ListRow> {
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
    const estimate = await estimateGgufMemory(model.file, { contextSize: config.llmContextSize });
    return { ...base, status: 'installed', ramBytes: estimate.bytes, ramSource: 'file', fits: estimate.bytes <= budgetBytes };
  } catch (err) {
    return { ...base, status: 'broken', ramBytes: 0, ramSource: 'file', fits: false, problem: `cannot read the GGUF file: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function missingRow(entry: CatalogEntry, store: ModelStore, budgetBytes: number): Promise<ListRow> {
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
    fits: entry.estimatedRamBytes <= budgetBytes,
    licence: entry.licence,
    languages: entry.languages,
  };
}

async function pull(argv: string[], store: ModelStore, catalogFile: string, io: ModelsIo, logger: Logger, options: ModelsCommandOptions, speech: SpeechModelsContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      tier: { type: 'string' },
      task: { type: 'string' },
      languages: { type: 'string' },
      sha256: { type: 'string' },
    },
  });
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new CliUsageError(`expected one catalog id, URL or file\n${MODELS_USAGE}`);
  const catalog = await loadModelCatalog(catalogFile);
  const entry = catalog.models.find((m) => m.id === target);
  if (!entry) {
    const speechExit = await pullSpeechFromCatalog(target, speech);
    if (speechExit !== null) return speechExit;
  }
  let request: Parameters<typeof pullModel>[0];
  if (entry) {
    if (values.id || values.tier || values.task) throw new CliUsageError(`${target} is a catalog model: its id, tier and tasks come from the catalog`);
    request = {
      id: entry.id,
      source: entry.url,
      expectedBytes: entry.sizeExact ? entry.sizeBytes : undefined,
      approxBytes: entry.sizeBytes,
      sha256: entry.sha256,
      manifest: { name: entry.name, tier: entry.tier, tasks: entry.tasks, languages: entry.languages, catalogId: entry.id, licence: entry.licence },
    };
    io.stderr.write(`Pulling ${entry.id} (${entry.name}, ${gb(entry.sizeBytes)}, ${entry.licence}) from ${new URL(entry.url).host}\n`);
    if (entry.licenceNotes) io.stderr.write(`Licence: ${entry.licenceNotes}\n`);
  } else {
    const looksLikeSource = /^https?:\/\//iu.test(target) || target.includes('/') || target.endsWith('.gguf');
    if (!looksLikeSource) throw new CliUsageError(`"${target}" is not in the catalog (see shikshasetu models list), and not a URL or .gguf path`);
    const id = values.id?.trim().toLowerCase();
    if (!id || !MODEL_ID.test(id)) throw new CliUsageError('--id is required for a URL or file: lower-case letters, digits, dot, dash or underscore, at most 80');
    const tier = values.tier?.trim().toUpperCase() ?? '';
    if (!isTier(tier)) throw new CliUsageError('--tier is required for a URL or file: SMALL, MEDIUM or LARGE');
    const tasks = (values.task ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
    if (tasks.length === 0 || !tasks.every((t): t is ModelTask => (MODEL_TASKS as readonly string[]).includes(t))) {
      throw new CliUsageError('--task is required for a URL or file: simplify, translate or simplify,translate');
    }
    const languages = (values.languages ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
    const unknown = languages.filter((l) => !isSupportedLanguage(l));
    if (unknown.length) throw new CliUsageError(`--languages: unknown ${unknown.join(', ')}; use codes from ${LANGUAGE_CODES.join(' ')}`);
    const sha256 = values.sha256?.trim().toLowerCase();
    if (sha256 !== undefined && !/^[0-9a-f]{64}$/u.test(sha256)) throw new CliUsageError('--sha256 must be 64 hexadecimal digits');
    request = { id, source: target, sha256, manifest: { tier, tasks: [...new Set(tasks)], languages } };
  }
  const progress = new ProgressLine(io.stderr, { tty: Boolean(io.stderr.isTTY) });
  try {
    const result = await pullModel(request, {
      store,
      fetch: options.fetch,
      freeDiskBytes: options.freeDiskBytes,
      diskMarginBytes: options.diskMarginBytes,
      maxBytes: options.maxModelBytes,
      signal: options.signal,
      onProgress: (p) => progress.update(p),
    });
    progress.finishLine();
    logger.info({ model: result.model.manifest.id, bytes: result.bytes, resumedFrom: result.resumedFrom }, 'model pulled');
    io.stdout.write(`Installed ${result.model.manifest.id} (${gb(result.bytes)}${result.resumedFrom ? `, resumed from ${gb(result.resumedFrom)}` : ''}) sha256 ${result.sha256}\n`);
    return 0;
  } catch (err) {
    progress.finishLine();
    if (isModelPullError(err)) {
      io.stderr.write(`Pull failed (${err.code}): ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

async function verify(argv: string[], store: ModelStore, catalogFile: string, io: ModelsIo, speech: SpeechModelsContext): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const { models, problems } = await store.list();
  const catalog = await loadModelCatalog(catalogFile).catch(() => null);
  const speechResult = await verifySpeechModels(positionals.length ? positionals : null, speech);
  const wanted = positionals.length ? positionals.filter((id) => !speechResult.ids.includes(id)) : models.map((m) => m.manifest.id);
  let failures = speechResult.failures;
  if (positionals.length === 0) {
    for (const problem of problems) {
      io.stdout.write(`FAIL ${problem}\n`);
      failures++;
    }
    if (models.length === 0 && problems.length === 0 && speechResult.ids.length === 0) io.stdout.write('No models installed.\n');
  }
  for (const id of wanted) {
    const model = models.find((m) => m.manifest.id === id);
    if (!model) {
      io.stdout.write(`FAIL ${id}: not installed\n`);
      failures++;
      continue;
    }
    const problem = await verifyOne(model, catalog?.models.find((m) => m.id === (model.manifest.catalogId ?? id)));
    if (problem) failures++;
    io.stdout.write(problem ? `FAIL ${id}: ${problem}\n` : `OK   ${id} (${gb(model.manifest.sizeBytes)}, sha256 ${model.manifest.sha256.slice(0, 12)}…)\n`);
  }
  return failures ? 1 : 0;
}

async function verifyOne(model: InstalledModel, entry: CatalogEntry | undefined): Promise<string | null> {
  const { stat } = await import('node:fs/promises');
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

async function remove(argv: string[], store: ModelStore, io: ModelsIo, logger: Logger, speech: SpeechModelsContext): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new CliUsageError(`expected one model id\n${MODELS_USAGE}`);
  if (!MODEL_ID.test(id)) throw new CliUsageError(`invalid model id "${id}"`);
  if (!(await store.remove(id)) && !(await removeSpeechModel(id, speech))) {
    io.stderr.write(`${id} is not installed\n`);
    return 1;
  }
  logger.info({ model: id }, 'model removed');
  io.stdout.write(`Removed ${id}\n`);
  return 0;
}

function gb(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}
