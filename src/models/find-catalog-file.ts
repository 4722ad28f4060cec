import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where models/catalog.json is: in the models directory when it has one (a deployment may ship
 * its own), else in the package's own models/ folder, found by walking up from this module (it
 * sits at a different depth in src/ and in dist/).
 */
export async function findCatalogFile(modelsDir: string): Promise<string> {
  const local = path.join(modelsDir, 'catalog.json');
  if (await exists(local)) return local;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'models', 'catalog.json');
    if ((await exists(path.join(dir, 'package.json'))) && (await exists(candidate))) return candidate;
    dir = path.dirname(dir);
  }
  return local;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
