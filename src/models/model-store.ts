import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MODEL_ID } from './model-catalog.js';
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
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { models: [], problems: [] };
      throw err;
    }
    const models: InstalledModel[] = [];
    const problems: string[] = [];
    for (const name of names.filter((n) => n.endsWith('.model.json')).sort()) {
      const id = name.slice(0, -'.model.json'.length);
      if (!MODEL_ID.test(id)) continue;
      const model = await this.get(id).catch((err: unknown) => {
        problems.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      });
      if (model) models.push(model);
    }
    return { models, problems };
  }

  /** The installed model, null when not installed; throws when its manifest or file is broken. */
  async get(id: string): Promise<InstalledModel | null> {
    if (!MODEL_ID.test(id)) return null;
    let raw: string;
    try {
      raw = await readFile(this.manifestFile(id), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed = manifestSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.id !== id) throw new Error('manifest is invalid');
    const file = this.modelFile(id);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new Error('model file is missing');
    return { manifest: parsed.data, file, tier: parsed.data.tier, tasks: parsed.data.tasks };
  }

  /** Writes the manifest atomically: a crash leaves the old one or the new one, never half. */
  async writeManifest(manifest: ModelManifest): Promise<void> {
    const file = this.manifestFile(manifest.id);
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(manifestSchema.parse(manifest), null, 2)}\n`);
    await rename(temp, file);
  }

  /** Removes the model, its manifest and any partial download; returns whether anything was there. */
  async remove(id: string): Promise<boolean> {
    let removed = false;
    for (const file of [this.manifestFile(id), this.modelFile(id), this.partFile(id), `${this.partFile(id)}.json`]) {
      const existed = await stat(file).then(() => true, () => false);
      if (existed) {
        await rm(file, { force: true });
        removed = true;
      }
    }
    return removed;
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
