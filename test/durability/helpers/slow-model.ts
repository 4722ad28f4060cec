import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tinyGgufBytes } from '../../../scripts/fixtures/write-gguf.js';
import { ModelStore } from '../../../src/models/model-store.js';

/**
 * Installs the project's random-weight GGUF as a local simplify model, as `models pull` would
 * (model file + manifest). It makes the simplify stage real work that takes a while: the runtime
 * loads, the model generates, its output fails the sanity check or is cut off at LLM_MAX_TOKENS,
 * the rule-based path serves. So a test can kill the service while that stage runs, with no sleep
 * hook in the service.
 */
export async function installSlowModel(modelsDir: string): Promise<void> {
  const bytes = tinyGgufBytes({ seed: 7 });
  const store = new ModelStore(modelsDir);
  await writeFile(store.modelFile('fixture-slow'), bytes);
  await store.writeManifest({
    id: 'fixture-slow',
    tier: 'SMALL',
    tasks: ['simplify'],
    languages: [],
    source: 'test fixture',
    sizeBytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    installedAt: new Date().toISOString(),
  });
}

/** Settings that keep the fixture model's runtime small on a 2-core machine. */
export const SLOW_MODEL_ENV = { LLM_THREADS: '1', LLM_GPU: 'off', LLM_MAX_TOKENS: '2048' };

/** A data dir and a models dir holding the slow model, with the env that points `serve` at them. */
export interface SlowModelDirs {
  dataDir: string;
  modelsDir: string;
  env: Record<string, string>;
  remove(): Promise<void>;
}

export async function slowModelDirs(prefix: string): Promise<SlowModelDirs> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  const modelsDir = await mkdtemp(path.join(os.tmpdir(), `${prefix}-models-`));
  await installSlowModel(modelsDir);
  return {
    dataDir,
    modelsDir,
    env: { DATA_DIR: dataDir, MODELS_DIR: modelsDir, JOB_CONCURRENCY: '1', ...SLOW_MODEL_ENV },
    remove: async () => {
      await rm(dataDir, { recursive: true, force: true });
      await rm(modelsDir, { recursive: true, force: true });
    },
  };
}
