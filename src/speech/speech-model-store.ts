import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadEach, readTextIfPresent, writeJsonAtomically } from '../models/store-files.js';
import { detectSpeechModel, type SpeechModelLayout } from './speech-model-layout.js';

/** Same rule as the GGUF store's ids: the id is a directory name, so nothing that could walk a path. */
export const SPEECH_MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,79}$/u;

export const speechManifestSchema = z.object({
  id: z.string().regex(SPEECH_MODEL_ID),
  name: z.string().optional(),
  kind: z.enum(['recognizer', 'voice', 'vad']),
  /** Languages it recognises or speaks; empty for a VAD, or when nobody said (then any is tried). */
  languages: z.array(z.string()).default([]),
  /** Languages it is chosen for over other installed recognisers (the catalog's preferredFor). */
  preferredFor: z.array(z.string()).optional(),
  /** Where it came from: a catalog id, a URL or a local path. */
  source: z.string(),
  catalogId: z.string().optional(),
  licence: z.string().optional(),
  /** False when the licence forbids commercial use (many Indian-language voices); shown by `models list`. */
  commercialUse: z.boolean().optional(),
  /** Bytes downloaded for the model. */
  sizeBytes: z.number().int().nonnegative(),
  /** SHA-256 of each downloaded file (or of the archive), by file name, as pulled. */
  checksums: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/u)).optional(),
  installedAt: z.string(),
});

export type SpeechManifest = z.infer<typeof speechManifestSchema>;

export interface InstalledSpeechModel {
  manifest: SpeechManifest;
  dir: string;
  layout: SpeechModelLayout;
}

const MANIFEST = 'speech-model.json';

/**
 * Installed speech models: `<modelsDir>/speech/<id>/` holds a model's files as its sherpa-onnx
 * package lays them out, beside a `speech-model.json` manifest (kind, languages, source,
 * licence). A model is listed only when its manifest is valid and its files are what its kind
 * needs (detectSpeechModel); anything else is reported as a problem, never half-used.
 */
export class SpeechModelStore {
  readonly root: string;

  constructor(modelsDir: string) {
    this.root = path.join(modelsDir, 'speech');
  }

  modelDir(id: string): string {
    if (!SPEECH_MODEL_ID.test(id)) throw new Error(`invalid speech model id "${id}": use lower-case letters, digits, dot, dash or underscore`);
    return path.join(this.root, id);
  }

  async list(): Promise<{ models: InstalledSpeechModel[]; problems: string[] }> {
    let names: string[];
    try {
      names = (await readdir(this.root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { models: [], problems: [] };
      throw err;
    }
    return loadEach(names.filter((n) => SPEECH_MODEL_ID.test(n)).sort(), (id) => this.get(id));
  }

  /** The installed model, null when there is none; throws when its manifest or files are broken. */
  async get(id: string): Promise<InstalledSpeechModel | null> {
    const dir = this.modelDir(id);
    const raw = await readTextIfPresent(path.join(dir, MANIFEST));
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new Error('manifest is not JSON');
    }
    const parsed = speechManifestSchema.safeParse(json);
    if (!parsed.success || parsed.data.id !== id) throw new Error('manifest is invalid');
    const layout = await detectSpeechModel(dir);
    if (layout.kind !== parsed.data.kind) throw new Error(`manifest says ${parsed.data.kind} but the files are a ${layout.kind}`);
    return { manifest: parsed.data, dir, layout };
  }

  /** Writes the manifest atomically: a crash leaves the old one or the new one, never half. */
  async writeManifest(manifest: SpeechManifest): Promise<void> {
    await writeJsonAtomically(path.join(this.modelDir(manifest.id), MANIFEST), speechManifestSchema.parse(manifest));
  }

  /** Removes the model's directory; returns whether there was one. */
  async remove(id: string): Promise<boolean> {
    const dir = this.modelDir(id);
    const existed = await readdir(dir).then(() => true, () => false);
    await rm(dir, { recursive: true, force: true });
    return existed;
  }
}
