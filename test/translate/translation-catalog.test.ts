import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTranslationCatalog } from '../../src/translate/indictrans2/translation-catalog.js';

const catalogUrl = new URL('../../models/catalog.json', import.meta.url);
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-it2-catalog-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** Writes the real catalog with its first translation entry changed, and loads it. */
async function loadWithFirstEntry(change: (entry: Record<string, unknown>) => Record<string, unknown>): Promise<unknown> {
  const catalog = JSON.parse(await readFile(catalogUrl, 'utf8'));
  catalog.translation.models = [change(structuredClone(catalog.translation.models[0]))];
  const file = path.join(root, `catalog-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(catalog));
  return loadTranslationCatalog(file).then((entries) => entries, (error: Error) => error);
}

const commit = '0123456789abcdef0123456789abcdef01234567';
const hash = 'a'.repeat(64);

describe('the translation catalog', () => {
  it('gives every IndicTrans2 entry that is not pinned and hashed a reason, and names no deleted per-decoder sidecar', async () => {
    const entries = await loadTranslationCatalog(catalogUrl.pathname);
    expect(entries.map((e) => e.id).sort()).toEqual(['indictrans2-en-indic-1b-int8', 'indictrans2-en-indic-dist-200m-int8', 'indictrans2-indic-en-1b-int8', 'indictrans2-indic-en-dist-200m-int8']);
    for (const entry of entries) {
      if (!entry.revisionPinned || entry.checksums === 'unverified') expect(entry.unverifiedReason, entry.id).toMatch(/\S{10}/u);
      expect(entry.files.map((f) => f.name)).not.toContain('decoder_model.onnx.data');
      expect(entry.files.map((f) => f.name)).toContain('decoder_shared.onnx.data');
    }
  });

  it('refuses an unpinned or unverified entry with no reason', async () => {
    const result = await loadWithFirstEntry(({ unverifiedReason: _dropped, ...entry }) => entry);
    expect(String(result)).toMatch(/unverifiedReason: an entry that is not pinned/u);
  });

  it('refuses a pinned entry whose URLs still name the branch, or whose revision is not a commit', async () => {
    const branchUrls = await loadWithFirstEntry((entry) => ({ ...entry, revision: commit, revisionPinned: true }));
    expect(String(branchUrls)).toMatch(/resolve\/<commit>/u);
    const notCommit = await loadWithFirstEntry((entry) => ({ ...entry, revision: 'v1.0', revisionPinned: true }));
    expect(String(notCommit)).toMatch(/40-hex commit id/u);
  });

  it('accepts a pinned, verified entry without a reason, and refuses "verified" when a file lacks its hash', async () => {
    const pin = (entry: Record<string, unknown>, hashed: boolean): Record<string, unknown> => {
      const { unverifiedReason: _dropped, ...rest } = entry;
      const files = (entry.files as { name: string; url: string; optional?: boolean }[]).map((f) => ({
        ...f, url: f.url.replace('/resolve/main/', `/resolve/${commit}/`), ...(hashed || f.optional ? { sizeBytes: 10, sha256: hash } : {}),
      }));
      return { ...rest, revision: commit, revisionPinned: true, checksums: 'verified', files };
    };
    const pinned = await loadWithFirstEntry((entry) => pin(entry, true));
    expect(pinned).toHaveLength(1);
    const missingHash = await loadWithFirstEntry((entry) => pin(entry, false));
    expect(String(missingHash)).toMatch(/gives every file its sizeBytes and sha256/u);
  });
});
