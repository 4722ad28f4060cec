import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { formatBytes } from '../core/format-bytes.js';
import { LANGUAGE_CODES } from '../core/languages.js';
import { catalogListingRows } from '../models/catalog-listing.js';
import { pullFailedExitCode } from '../models/pull/model-pull-error.js';
import { ProgressLine } from '../models/pull/progress-line.js';
import { InstalledSpeechModels } from './installed-speech-models.js';
import { pullSpeechModel } from './pull-speech-model.js';
import { loadSpeechCatalog, type SpeechCatalogEntry } from './speech-catalog.js';
import { SpeechModelStore, type InstalledSpeechModel } from './speech-model-store.js';
import { estimateSpeechModelBytes, RECOGNIZER_WORKING_BYTES } from './estimate-speech-model-bytes.js';
import type { ModelsCommandContext } from '../models/models-command-context.js';

/** What the `shikshasetu models` subcommands need for the speech models. */
export type SpeechModelsContext = ModelsCommandContext;

export interface SpeechModelRow {
  id: string;
  name: string;
  kind: 'recognizer' | 'voice' | 'vad';
  languages: string[];
  status: 'installed' | 'missing' | 'broken';
  sizeBytes: number;
  ramBytes: number;
  fits: boolean;
  commercialUse: 'yes' | 'no' | 'unverified';
  licence: string;
  problem?: string;
}

export interface SpeechListing {
  models: SpeechModelRow[];
  /** Per language: the installed recogniser (null: none, the remote API or a refusal) and natural voice (null: espeak-ng). */
  languages: Array<{ language: string; recognizer: string | null; voice: string | null }>;
}

/** The speech section of `models list`: catalog and installed models, and per language who listens and who speaks. */
export async function listSpeechModels(context: SpeechModelsContext, options: { json: boolean }): Promise<SpeechListing> {
  const catalog = await loadSpeechCatalog(context.catalogFile);
  const store = new SpeechModelStore(context.modelsDir);
  const rows = await catalogListingRows(catalog.models, await store.list(), {
    entry: (entry, model) => (model ? installedRow(model, entry, context.budgetBytes) : missingRow(entry, context.budgetBytes)),
    installedOnly: (model) => installedRow(model, undefined, context.budgetBytes),
    broken: (id, problem): SpeechModelRow => ({ id, name: id, kind: 'recognizer', languages: [], status: 'broken', sizeBytes: 0, ramBytes: 0, fits: false, commercialUse: 'unverified', licence: '?', problem }),
  });
  const languages = await new InstalledSpeechModels({ store }).coverage(LANGUAGE_CODES);
  const listing = { models: rows, languages };
  if (options.json) return listing;

  const { stdout } = context.io;
  stdout.write(`\nSpeech models (${store.root}):\n`);
  const table = [
    ['ID', 'KIND', 'LANGUAGES', 'STATUS', 'SIZE', 'RAM NEED', 'FITS', 'COMMERCIAL USE', 'LICENCE'],
    ...rows.map((r) => [
      r.id,
      r.kind,
      r.languages.length > 4 ? `${r.languages.slice(0, 4).join(',')},+${r.languages.length - 4}` : r.languages.join(',') || '-',
      r.status,
      r.sizeBytes ? formatBytes(r.sizeBytes) : '-',
      r.ramBytes ? `~${formatBytes(r.ramBytes)}` : '-',
      r.status === 'broken' ? '-' : r.fits ? 'yes' : 'no',
      r.commercialUse === 'yes' ? 'yes' : r.commercialUse === 'no' ? 'NO' : 'UNVERIFIED',
      r.licence,
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) stdout.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
  for (const r of rows.filter((row) => row.problem)) stdout.write(`  ${r.id}: ${r.problem}\n`);
  stdout.write('\nSpeech by language (recognition: installed model, else the remote API if configured; voice: installed natural voice, else espeak-ng):\n');
  for (const l of languages) {
    stdout.write(`  ${l.language.padEnd(3)} recognition: ${(l.recognizer ?? '-').padEnd(34)} voice: ${l.voice ?? 'espeak-ng'}\n`);
  }
  stdout.write('COMMERCIAL USE NO/UNVERIFIED: the licence does not allow, or has not been checked to allow, commercial use.\n');
  return listing;
}

/**
 * `models pull <id>` for a speech catalog id; null when the id is not a speech model (the caller
 * tries the GGUF catalog). What the entry requires (the VAD for a Whisper recogniser) is pulled
 * first when it is not installed yet.
 */
export async function pullSpeechFromCatalog(id: string, context: SpeechModelsContext): Promise<number | null> {
  const catalog = await loadSpeechCatalog(context.catalogFile);
  const entry = catalog.models.find((m) => m.id === id);
  if (!entry) return null;
  const store = new SpeechModelStore(context.modelsDir);
  for (const requiredId of entry.requires ?? []) {
    if (await store.get(requiredId).catch(() => null)) continue;
    const required = catalog.models.find((m) => m.id === requiredId)!;
    context.io.stderr.write(`${entry.id} needs ${required.id} (${required.name}): pulling it first.\n`);
    const code = await pullOne(required, store, context);
    if (code !== 0) return code;
  }
  return pullOne(entry, store, context);
}

async function pullOne(entry: SpeechCatalogEntry, store: SpeechModelStore, context: SpeechModelsContext): Promise<number> {
  const { stdout, stderr } = context.io;
  stderr.write(`Pulling ${entry.id} (${entry.name}, ${entry.sizeExact ? '' : '~'}${formatBytes(entry.sizeBytes)}, ${entry.licence})\n`);
  if (entry.unverified !== undefined) {
    stderr.write(`UNVERIFIED: the catalog records no size and SHA-256 for ${entry.id} (${entry.unverified}). What arrives is checked only for being a usable model; its SHA-256 is recorded for models verify.\n`);
  } else {
    stderr.write(`Pinned: every file is checked against its recorded size and SHA-256 before it is installed.\n`);
  }
  if (entry.commercialUse !== 'yes') stderr.write(`Licence: NOT cleared for commercial use (${entry.commercialUse}). ${entry.licenceNotes ?? ''}\n`);
  const progress = new ProgressLine(stderr, { tty: Boolean(stderr.isTTY) });
  let current = '';
  try {
    const installed = await pullSpeechModel(entry, {
      store,
      fetch: context.fetch,
      signal: context.signal,
      freeDiskBytes: context.freeDiskBytes,
      diskMarginBytes: context.diskMarginBytes,
      maxBytes: context.maxModelBytes,
      onProgress: (file, p) => {
        if (file !== current) {
          progress.finishLine();
          stderr.write(`${file}\n`);
          current = file;
        }
        progress.update(p);
      },
      onFileDone: (file, note) => {
        progress.finishLine();
        stderr.write(`  ${file}: ${note}\n`);
        current = '';
      },
    });
    stdout.write(`Installed ${installed.manifest.id} (${installed.layout.kind}, ${installed.manifest.languages.join(',') || 'any language'}, ${formatBytes(installed.manifest.sizeBytes)}${entry.unverified === undefined ? ', checksums match the catalog' : ''})\n`);
    return 0;
  } catch (err) {
    progress.finishLine();
    return pullFailedExitCode(err, stderr);
  }
}

/** `models verify` for speech models: the files are a usable model and match the checksums recorded at pull. */
export async function verifySpeechModels(ids: readonly string[] | null, context: SpeechModelsContext): Promise<{ ids: string[]; failures: number }> {
  const store = new SpeechModelStore(context.modelsDir);
  const { models, problems } = await store.list();
  let failures = 0;
  if (!ids) {
    for (const problem of problems) {
      context.io.stdout.write(`FAIL ${problem}\n`);
      failures++;
    }
  }
  const wanted = ids ? models.filter((m) => ids.includes(m.manifest.id)) : models;
  for (const model of wanted) {
    const problem = await verifyChecksums(model);
    if (problem) failures++;
    context.io.stdout.write(problem ? `FAIL ${model.manifest.id}: ${problem}\n` : `OK   ${model.manifest.id} (${model.layout.kind}, files checked)\n`);
  }
  return { ids: wanted.map((m) => m.manifest.id), failures };
}

/** `models rm <id>` for a speech model; false when there is none of that id. */
export async function removeSpeechModel(id: string, context: SpeechModelsContext): Promise<boolean> {
  const store = new SpeechModelStore(context.modelsDir);
  if (!(await store.get(id).catch(() => true))) return false;
  return store.remove(id);
}

async function verifyChecksums(model: InstalledSpeechModel): Promise<string | null> {
  for (const [file, expected] of Object.entries(model.manifest.checksums ?? {})) {
    // Archives are unpacked: only files fetched as they are can be hashed again.
    if (file.endsWith('.tar.bz2')) continue;
    const hash = createHash('sha256');
    try {
      await pipeline(createReadStream(path.join(model.dir, path.basename(file))), hash);
    } catch {
      return `${file} is missing`;
    }
    const actual = hash.digest('hex');
    if (actual !== expected) return `${file} changed since it was pulled (sha256 ${actual.slice(0, 12)}…)`;
  }
  return null;
}

function installedRow(model: InstalledSpeechModel, entry: SpeechCatalogEntry | undefined, budgetBytes: number): SpeechModelRow {
  const ramBytes = model.layout.kind === 'vad' ? 0 : estimateSpeechModelBytes([model.layout], model.layout.kind === 'recognizer' ? RECOGNIZER_WORKING_BYTES : 0);
  return {
    id: model.manifest.id,
    name: model.manifest.name ?? entry?.name ?? model.manifest.id,
    kind: model.layout.kind,
    languages: model.manifest.languages,
    status: 'installed',
    sizeBytes: model.manifest.sizeBytes,
    ramBytes,
    fits: ramBytes <= budgetBytes,
    commercialUse: entry?.commercialUse ?? (model.manifest.commercialUse ? 'yes' : 'unverified'),
    licence: model.manifest.licence ?? entry?.licence ?? 'unknown (bring your own)',
  };
}

function missingRow(entry: SpeechCatalogEntry, budgetBytes: number): SpeechModelRow {
  return {
    id: entry.id,
    name: entry.name,
    kind: entry.kind,
    languages: entry.languages,
    status: 'missing',
    sizeBytes: entry.sizeBytes,
    ramBytes: entry.estimatedRamBytes,
    fits: entry.estimatedRamBytes <= budgetBytes,
    commercialUse: entry.commercialUse,
    licence: entry.licence,
  };
}

