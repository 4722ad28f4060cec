import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeTinyGguf, type TinyGgufOptions } from '../../../scripts/fixtures/write-gguf.js';

/** A temporary directory with tiny random-weight GGUF models written by the project's own writer. */
export async function makeGgufDir(models: Array<{ name: string } & TinyGgufOptions>): Promise<{ dir: string; files: Record<string, string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-gguf-'));
  const files: Record<string, string> = {};
  for (const model of models) {
    files[model.name] = path.join(dir, `${model.name}.gguf`);
    await writeTinyGguf(files[model.name]!, model);
  }
  return { dir, files, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
