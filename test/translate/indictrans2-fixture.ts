import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeIndicTrans2Fixture, type FixtureBehaviour, type FixtureDirection } from '../../scripts/fixtures/write-indictrans2.js';
import { localExportFiles, pullTranslationModel } from '../../src/translate/indictrans2/pull-translation-model.js';
import { TranslationModelStore } from '../../src/translate/indictrans2/translation-model-store.js';

/**
 * Writes fixture exports (scripts/fixtures/write-indictrans2.ts) and installs them into a fresh
 * MODELS_DIR the way `models pull DIR` does, so the service finds them as a user's would be.
 */
export async function installFixtureModels(models: Array<{ id: string; direction: FixtureDirection; behaviour?: FixtureBehaviour; tier?: 'SMALL' | 'MEDIUM' }>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-it2-'));
  const modelsDir = path.join(root, 'models');
  const store = new TranslationModelStore(modelsDir);
  for (const model of models) {
    const exportDir = path.join(root, `export-${model.id}`);
    await writeIndicTrans2Fixture(exportDir, { direction: model.direction, behaviour: model.behaviour });
    await pullTranslationModel(
      { id: model.id, direction: model.direction, tier: model.tier ?? 'SMALL', languages: [], source: exportDir, files: await localExportFiles(exportDir) },
      { store },
    );
  }
  return modelsDir;
}
