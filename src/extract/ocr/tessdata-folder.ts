import { constants } from 'node:fs';
import { access, copyFile, mkdir, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LANGUAGES } from '../../core/languages.js';

const require = createRequire(import.meta.url);

/** Tesseract language codes this service can load: one per supported language, and nothing else. */
export const TESSERACT_CODES: ReadonlySet<string> = new Set([...LANGUAGES.values()].map((l) => l.tesseract));

/** The default place for the combined traineddata folder. */
export function defaultTessdataDir(): string {
  return join(tmpdir(), 'shikshasetu-tessdata');
}

/** Where the npm package @tesseract.js-data/<code> keeps its LSTM ("best_int") model. */
export function packagedTraineddata(code: string): string {
  if (!TESSERACT_CODES.has(code)) throw new Error(`no traineddata package for "${code}"`);
  const manifest = require.resolve(`@tesseract.js-data/${code}/package.json`);
  return join(dirname(manifest), '4.0.0_best_int', `${code}.traineddata.gz`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure `dir` holds <code>.traineddata.gz for every code: tesseract.js reads all languages of
 * a combination such as "hin+eng" from one langPath, while npm keeps each in its own package. Links
 * (or copies, where links are not allowed) are made under a temporary name and renamed into place,
 * so two processes building the folder at once never see half a file. Returns the folder.
 */
export async function ensureTessdataFolder(dir: string, codes: readonly string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const code of codes) {
    const target = join(dir, `${code}.traineddata.gz`);
    if (await exists(target)) continue;
    const source = packagedTraineddata(code);
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      await symlink(source, temp);
    } catch {
      await copyFile(source, temp);
    }
    try {
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
  }
  return dir;
}
