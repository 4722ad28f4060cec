import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { MODEL_ID } from './model-catalog.js';

/**
 * The file handling the model stores (GGUF, translation, speech) share: reading and writing
 * their JSON manifests, listing what is installed and removing it. Each store keeps its own
 * layout and checks; only the steps that are the same in all of them live here.
 */

const MANIFEST_SUFFIX = '.model.json';

/** A text file's contents, or null when it is not there (any other read error is thrown). */
export async function readTextIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The ids of the `<id>.model.json` manifests in dir, valid ids only, sorted; none when dir is not there. */
export async function manifestIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => n.endsWith(MANIFEST_SUFFIX))
    .sort()
    .map((n) => n.slice(0, -MANIFEST_SUFFIX.length))
    .filter((id) => MODEL_ID.test(id));
}

/** Loads each id in turn; a model that cannot be loaded is left out and its reason kept as a problem. */
export async function loadEach<T>(ids: readonly string[], get: (id: string) => Promise<T | null>): Promise<{ models: T[]; problems: string[] }> {
  const models: T[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    try {
      const model = await get(id);
      if (model) models.push(model);
    } catch (err) {
      problems.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { models, problems };
}

/** The manifest in file, null when there is none; throws when it does not match the schema or names another id. */
export async function readManifest<T extends { id: string }>(file: string, schema: z.ZodType<T>, id: string): Promise<T | null> {
  const raw = await readTextIfPresent(file);
  if (raw === null) return null;
  const parsed = schema.safeParse(JSON.parse(raw));
  if (!parsed.success || parsed.data.id !== id) throw new Error('manifest is invalid');
  return parsed.data;
}

/** Writes value as JSON through a temporary file and a rename: a crash leaves the old file or the new one, never half. */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, file);
}

/** Removes each of targets that exists; returns whether any did. */
export async function removeExisting(targets: readonly string[], options: { recursive: boolean }): Promise<boolean> {
  let removed = false;
  for (const target of targets) {
    if (await stat(target).then(() => true, () => false)) {
      await rm(target, { recursive: options.recursive, force: true });
      removed = true;
    }
  }
  return removed;
}
