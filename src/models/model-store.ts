import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MODEL_ID } from './model-catalog.js';
import { loadEach, manifestIds, readManifest, removeExisting, writeJsonAtomically } from './store-files.js';
import type { ModelTask, Tier } from './tiers.js';

export const manifestSchema = z.object({
  id: z.string().regex(MODEL_ID),
  name: z.string().optional(),
  tier: z.enum(['SMALL', 'MEDIUM', 'LARGE']),
  tasks: z.array(z.enum(['simplify', 'translate'])).min(1),
  /** Languages the model serves; empty means it was not said (bring-your-own models) and any is tried. */
  languages: z.array(z.string()).default([]),
  /** Where it came from: a catalog id, a URL or a local path. */
  source: z.string(),
  catalogId: z.string().optional(),
  sizeBytes: z.number().int().positive(),
  /** Computed over the whole file when it was pulled; verify recomputes and compares. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
  licence: z.string().optional(),
  installedAt: z.string(),
});

export type ModelManifest = z.infer<typeof manifestSchema>;

export interface InstalledModel {
  manifest: ModelManifest;
  file: string;
  tier: Tier;
  tasks: ModelTask[];
}

/**
 * The models directory: each installed model is `<id>.gguf` with a `<id>.model.json` manifest
 * beside it (its tier, tasks, languages, source and checksum). A download in progress is
 * `<id>.gguf.part`, moved into place only once complete and checked.
 */
export class ModelStore {
  constructor(readonly dir: string) {}

  modelFile(id: string): string {
    return path.join(this.dir, `${checkedId(id)}.gguf`);
  }

  manifestFile(id: string): string {
    return path.join(this.dir, `${checkedId(id)}.model.json`);
  }

  partFile(id: string): string {
    return `${this.modelFile(id)}.part`;
  }

  /** Installed models with a readable manifest and model file; anything else is left out, with the reason. */
  async list(): Promise<{ models: InstalledModel[]; problems: string[] }> {
    return loadEach(await manifestIds(this.dir), (id) => this.get(id));
  }

  /** The installed model, null when not installed; throws when its manifest or file is broken. */
  async get(id: string): Promise<InstalledModel | null> {
    if (!MODEL_ID.test(id)) return null;
    const manifest = await readManifest(this.manifestFile(id), manifestSchema, id);
    if (!manifest) return null;
    const file = this.modelFile(id);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new Error('model file is missing');
    return { manifest, file, tier: manifest.tier, tasks: manifest.tasks };
  }

  /** Writes the manifest atomically: a crash leaves the old one or the new one, never half. */
  async writeManifest(manifest: ModelManifest): Promise<void> {
    await writeJsonAtomically(this.manifestFile(manifest.id), manifestSchema.parse(manifest));
  }

  /** Removes the model, its manifest and any partial download; returns whether anything was there. */
  async remove(id: string): Promise<boolean> {
    return removeExisting([this.manifestFile(id), this.modelFile(id), this.partFile(id), `${this.partFile(id)}.json`], { recursive: false });
  }

  async hasPartial(id: string): Promise<number | null> {
    const info = await stat(this.partFile(id)).catch(() => null);
    return info?.isFile() ? info.size : null;
  }
}

function checkedId(id: string): string {
  if (!MODEL_ID.test(id)) throw new Error(`invalid model id "${id}": use lower-case letters, digits, dot, dash or underscore`);
  return id;
}
