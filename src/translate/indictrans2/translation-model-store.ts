import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MODEL_ID } from '../../models/model-catalog.js';
import { loadEach, manifestIds, readManifest, removeExisting, writeJsonAtomically } from '../../models/store-files.js';
import { TOKENIZER_FILES } from './indictrans2-tokenizer.js';
import { GRAPH_FILES } from './onnx-seq2seq.js';

export const DIRECTIONS = ['en-indic', 'indic-en', 'indic-indic'] as const;
export type TranslationDirection = (typeof DIRECTIONS)[number];

const SHA256 = /^[0-9a-f]{64}$/u;

export const translationManifestSchema = z.object({
  id: z.string().regex(MODEL_ID),
  name: z.string().optional(),
  format: z.literal('indictrans2-onnx'),
  direction: z.enum(DIRECTIONS),
  tier: z.enum(['SMALL', 'MEDIUM', 'LARGE']),
  /** Languages besides English it serves; empty means every language the service speaks. */
  languages: z.array(z.string()).default([]),
  source: z.string(),
  catalogId: z.string().optional(),
  licence: z.string().optional(),
  files: z.array(z.object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/u),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(SHA256),
    /** False when no published hash was known: sha256 is what was downloaded, checked against from then on. */
    verified: z.boolean(),
  })).min(1),
  installedAt: z.string(),
});

export type TranslationManifest = z.infer<typeof translationManifestSchema>;

export interface InstalledTranslationModel {
  manifest: TranslationManifest;
  dir: string;
  /** Files on disk, in bytes: the basis of the memory estimate. */
  bytes: number;
}

/** Files every installed model must have (the .onnx.data weights are listed in the manifest). */
export const REQUIRED_FILES: readonly string[] = [...GRAPH_FILES, ...TOKENIZER_FILES];

/**
 * MODELS_DIR/translation: each installed IndicTrans2 export is a folder `<id>/` with a
 * `<id>.model.json` manifest beside it (direction, tier, every file's size and SHA-256). A pull
 * in progress is `<id>.part/`, renamed into place only when every file is complete and checked.
 */
export class TranslationModelStore {
  readonly dir: string;

  constructor(modelsDir: string) {
    this.dir = path.join(modelsDir, 'translation');
  }

  modelDir(id: string): string {
    return path.join(this.dir, checkedId(id));
  }

  partDir(id: string): string {
    return `${this.modelDir(id)}.part`;
  }

  manifestFile(id: string): string {
    return path.join(this.dir, `${checkedId(id)}.model.json`);
  }

  /** Where hashes of files that had no published hash are kept, so later pulls are checked against them. */
  get recordFile(): string {
    return path.join(this.dir, 'recorded-hashes.json');
  }

  async list(): Promise<{ models: InstalledTranslationModel[]; problems: string[] }> {
    return loadEach(await manifestIds(this.dir), (id) => this.get(id));
  }

  async get(id: string): Promise<InstalledTranslationModel | null> {
    if (!MODEL_ID.test(id)) return null;
    const manifest = await readManifest(this.manifestFile(id), translationManifestSchema, id);
    if (!manifest) return null;
    const dir = this.modelDir(id);
    let bytes = 0;
    for (const file of manifest.files) {
      const info = await stat(path.join(dir, file.name)).catch(() => null);
      if (!info?.isFile()) throw new Error(`${file.name} is missing`);
      if (info.size !== file.sizeBytes) throw new Error(`${file.name} is ${info.size} bytes, ${file.sizeBytes} were installed`);
      bytes += info.size;
    }
    return { manifest, dir, bytes };
  }

  async writeManifest(manifest: TranslationManifest): Promise<void> {
    await writeJsonAtomically(this.manifestFile(manifest.id), translationManifestSchema.parse(manifest));
  }

  async remove(id: string): Promise<boolean> {
    return removeExisting([this.manifestFile(id), this.modelDir(id), this.partDir(id)], { recursive: true });
  }

  async recordedHashes(): Promise<Record<string, string>> {
    try {
      return z.record(z.string(), z.string().regex(SHA256)).parse(JSON.parse(await readFile(this.recordFile, 'utf8')));
    } catch {
      return {};
    }
  }

  async recordHashes(entries: Record<string, string>): Promise<void> {
    await writeJsonAtomically(this.recordFile, { ...(await this.recordedHashes()), ...entries });
  }
}

/**
 * Memory an export holds once loaded: its weights (onnxruntime keeps one copy of each graph's
 * initializers, and the two decoders each carry their own), plus working memory for activations
 * and the key/value cache of a batch of 256-token sentences.
 */
export function estimateTranslationModelBytes(fileBytes: number): number {
  return Math.ceil(fileBytes * 1.15) + 128 * 1024 * 1024;
}

function checkedId(id: string): string {
  if (!MODEL_ID.test(id)) throw new Error(`invalid model id "${id}"`);
  return id;
}
