import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config/settings.js';
import { isSupportedLanguage, LANGUAGE_CODES } from '../../src/core/languages.js';
import type { Logger } from '../../src/log/logger.js';
import {
  findCatalogFile,
  ggufCatalogEntry,
  isTier,
  listGgufModels,
  MODEL_ID,
  MODEL_TASKS,
  pullGgufModel,
  removeGgufModel,
  resolveMemoryBudget,
  verifyGgufModels,
  type GgufModelsContext,
  type ModelTask,
  type PoolStats,
} from '../../src/models/gguf-models-command.js';
import { listSpeechModels, pullSpeechFromCatalog, removeSpeechModel, verifySpeechModels, type SpeechModelsContext } from '../../src/speech/speech-models-command.js';
import { isTranslationExportDir, listTranslationModels, pullTranslationDirectory, pullTranslationFromCatalog, removeTranslationModel, verifyTranslationModels, type TranslationModelsContext } from '../../src/translate/indictrans2/translation-models-command.js';
import { CliUsageError } from './read-input.js';

export const MODELS_USAGE = `Usage: shikshasetu models list [--json]
       shikshasetu models pull <catalog-id>
       shikshasetu models pull <url-or-path> --id ID --tier SMALL|MEDIUM|LARGE --task simplify,translate
                               [--languages en,hi,...] [--sha256 HEX]
       shikshasetu models pull <IndicTrans2-export-dir> --id ID --tier SMALL|MEDIUM|LARGE --task translate
       shikshasetu models verify [ID...]
       shikshasetu models rm ID
Lists, pulls (with a progress bar; an interrupted pull resumes), verifies and removes the local
models in MODELS_DIR. The catalog is models/catalog.json. Speech models (recognisers, voices, the
VAD: its "speech" section) are pulled by catalog id the same way and live in MODELS_DIR/speech;
list shows which languages have recognition and which a natural voice. IndicTrans2 translation
models (its "translation" section, or a local export folder) live in MODELS_DIR/translation.`;

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

interface Contexts {
  gguf: GgufModelsContext;
  speech: SpeechModelsContext;
  translation: TranslationModelsContext;
}

/**
 * `shikshasetu models`: list, pull, verify, rm. Reads the arguments and hands each subcommand to
 * the GGUF models' facade (src/models/gguf-models-command.ts) and the speech models' one.
 * Returns the exit code: 0 done, 1 failed, 2 wrong usage.
 */
export async function runModelsCommand(argv: string[], config: Config, logger: Logger, io: ModelsIo, options: ModelsCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = argv;
  const modelsDir = path.resolve(config.modelsDir);
  const catalogFile = options.catalogFile ?? (await findCatalogFile(modelsDir));
  const budget = resolveMemoryBudget(config.modelMemoryBudget);
  const contexts: Contexts = {
    gguf: {
      modelsDir, catalogFile, io, budget, contextSize: config.llmContextSize, logger,
      poolStats: options.poolStats, fetch: options.fetch, freeDiskBytes: options.freeDiskBytes, diskMarginBytes: options.diskMarginBytes, signal: options.signal,
      maxModelBytes: options.maxModelBytes ?? config.maxModelBytes,
    },
    speech: {
      modelsDir, catalogFile, io, budgetBytes: budget.bytes, fetch: options.fetch, signal: options.signal,
      freeDiskBytes: options.freeDiskBytes, diskMarginBytes: options.diskMarginBytes, maxModelBytes: options.maxModelBytes ?? config.maxModelBytes,
    },
    translation: {
      modelsDir, catalogFile, io, budgetBytes: budget.bytes, fetch: options.fetch, signal: options.signal,
      freeDiskBytes: options.freeDiskBytes, diskMarginBytes: options.diskMarginBytes, maxModelBytes: options.maxModelBytes ?? config.maxModelBytes,
    },
  };
  switch (sub) {
    case 'list':
      return list(rest, io, contexts);
    case 'pull':
      return pull(rest, contexts);
    case 'verify':
      return verify(rest, io, contexts);
    case 'rm':
    case 'remove':
      return remove(rest, io, logger, contexts);
    default:
      throw new CliUsageError(sub ? `unknown models command "${sub}"\n${MODELS_USAGE}` : MODELS_USAGE);
  }
}

async function list(argv: string[], io: ModelsIo, { gguf, speech, translation }: Contexts): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const listing = await listGgufModels(gguf, { json: values.json });
  const speechListing = await listSpeechModels(speech, { json: values.json });
  const translationListing = await listTranslationModels(translation, { json: values.json });
  if (values.json) io.stdout.write(`${JSON.stringify({ ...listing, speech: speechListing, translation: translationListing }, null, 2)}\n`);
  return 0;
}

async function pull(argv: string[], { gguf, speech, translation }: Contexts): Promise<number> {
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
  if (await ggufCatalogEntry(target, gguf)) {
    if (values.id || values.tier || values.task) throw new CliUsageError(`${target} is a catalog model: its id, tier and tasks come from the catalog`);
    return pullGgufModel({ catalogId: target }, gguf);
  }
  const speechExit = await pullSpeechFromCatalog(target, speech);
  if (speechExit !== null) return speechExit;
  const translationExit = await pullTranslationFromCatalog(target, translation);
  if (translationExit !== null) return translationExit;
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
  if (await isTranslationExportDir(target)) {
    if (tasks.join() !== 'translate') throw new CliUsageError('an IndicTrans2 export directory is a translation model: use --task translate');
    return pullTranslationDirectory(target, { id, tier, languages }, translation);
  }
  const sha256 = values.sha256?.trim().toLowerCase();
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/u.test(sha256)) throw new CliUsageError('--sha256 must be 64 hexadecimal digits');
  return pullGgufModel({ source: target, id, tier, tasks, languages, sha256 }, gguf);
}

async function verify(argv: string[], io: ModelsIo, { gguf, speech, translation }: Contexts): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const named = positionals.length ? positionals : null;
  const speechResult = await verifySpeechModels(named, speech);
  const translationResult = await verifyTranslationModels(named, translation);
  const others = [...speechResult.ids, ...translationResult.ids];
  const result = await verifyGgufModels(named ? named.filter((id) => !others.includes(id)) : null, gguf);
  if (!named && result.checked === 0 && others.length === 0) io.stdout.write('No models installed.\n');
  return result.failures + speechResult.failures + translationResult.failures ? 1 : 0;
}

async function remove(argv: string[], io: ModelsIo, logger: Logger, { gguf, speech, translation }: Contexts): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new CliUsageError(`expected one model id\n${MODELS_USAGE}`);
  if (!MODEL_ID.test(id)) throw new CliUsageError(`invalid model id "${id}"`);
  if (!(await removeGgufModel(id, gguf)) && !(await removeSpeechModel(id, speech)) && !(await removeTranslationModel(id, translation))) {
    io.stderr.write(`${id} is not installed\n`);
    return 1;
  }
  logger.info({ model: id }, 'model removed');
  io.stdout.write(`Removed ${id}\n`);
  return 0;
}
