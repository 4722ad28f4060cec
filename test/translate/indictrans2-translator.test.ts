import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeIndicTrans2Fixture, type FixtureDirection } from '../../scripts/fixtures/write-indictrans2.js';
import { ModelPool, type PooledHandle } from '../../src/models/model-pool.js';
import { IndicTrans2Tokenizer } from '../../src/translate/indictrans2/indictrans2-tokenizer.js';
import { IndicTrans2Translator } from '../../src/translate/indictrans2/indictrans2-translator.js';
import { localExportFiles, pullTranslationModel } from '../../src/translate/indictrans2/pull-translation-model.js';
import { TranslationModelStore } from '../../src/translate/indictrans2/translation-model-store.js';

/** The real store, counting its looks at the disk; `failNext` makes the next look fail as an unreadable directory would. */
class CountingStore extends TranslationModelStore {
  looks = 0;
  failNext = false;

  override async list(): ReturnType<TranslationModelStore['list']> {
    this.looks++;
    if (this.failNext) {
      this.failNext = false;
      throw Object.assign(new Error('EACCES: permission denied, scandir'), { code: 'EACCES' });
    }
    return super.list();
  }
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

async function setUp() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-it2-listing-'));
  const modelsDir = path.join(root, 'models');
  const pool = new ModelPool<PooledHandle>({ budgetBytes: 2e9 });
  cleanup.push(() => pool.close(), () => rm(root, { recursive: true, force: true }));
  const store = new CountingStore(modelsDir);
  let now = 1_000_000;
  const translator = new IndicTrans2Translator({ store, pool, budgetBytes: 2e9, session: { threads: 1, tryCuda: false }, listingRefreshMs: 5000, now: () => now });
  /** Installs an export the way `models pull DIR` in another process does. */
  const install = async (id: string, direction: FixtureDirection): Promise<void> => {
    const exportDir = path.join(root, `export-${id}`);
    await writeIndicTrans2Fixture(exportDir, { direction });
    await pullTranslationModel({ id, direction, tier: 'SMALL', languages: [], source: exportDir, files: await localExportFiles(exportDir) }, { store: new TranslationModelStore(modelsDir) });
  };
  return { store, translator, install, advance: (ms: number) => (now += ms) };
}

const HINDI = { text: 'भारी बारिश के कारण विद्यालय कल बंद रहेगा।', from: 'hi', to: 'en', grade: 8 } as const;

describe('IndicTrans2Translator, looking at the installed exports', () => {
  it('looks at the disk once per refresh time, not once per request, and sees a model pulled meanwhile once that time has passed', async () => {
    const { store, translator, install, advance } = await setUp();
    await install('it2-en-indic', 'en-indic');
    // No indic-en export yet: the pair is declined, so the next path would serve.
    expect(await translator.translate(HINDI)).toBeNull();
    expect(await translator.translate(HINDI)).toBeNull();
    expect(store.looks).toBe(1);

    await install('it2-indic-en', 'indic-en');
    advance(4_000);
    expect(await translator.translate(HINDI)).toBeNull();
    expect(store.looks).toBe(1);

    advance(1_000);
    const served = await translator.translate(HINDI);
    expect(served?.backend.model).toBe('it2-indic-en');
    expect(served?.text.length).toBeGreaterThan(0);
    expect(store.looks).toBe(2);
  });

  it('does not keep a failed look: the next request looks again at once', async () => {
    const { store, translator, install } = await setUp();
    await install('it2-indic-en', 'indic-en');
    store.failNext = true;
    await expect(translator.translate(HINDI)).rejects.toThrow(/EACCES/u);
    const served = await translator.translate(HINDI);
    expect(served?.backend.model).toBe('it2-indic-en');
    expect(store.looks).toBe(2);
  });
});

describe('IndicTrans2Translator, tokenising', () => {
  it('encodes each sentence once: the encoding that sized it for splitting is the one translated', async () => {
    const { translator, install } = await setUp();
    await install('it2-en-indic', 'en-indic');
    const encode = vi.spyOn(IndicTrans2Tokenizer.prototype, 'encodeSource');
    cleanup.push(async () => encode.mockRestore());
    const text = 'The school will be closed tomorrow because of heavy rain. Children should study at home.\n\nParents should pay the fees on time.';
    const served = await translator.translate({ text, from: 'en', to: 'hi', grade: 8 });
    expect(served?.backend.model).toBe('it2-en-indic');
    // Three sentences, three encodings; each counted once to split and reused to translate.
    expect(encode.mock.calls.map(([line]) => line.split(' ').slice(0, 2).join(' '))).toEqual(['eng_Latn hin_Deva', 'eng_Latn hin_Deva', 'eng_Latn hin_Deva']);
    // The paragraph break is kept between the translated pieces.
    expect(served!.text.split('\n\n')).toHaveLength(2);
  });
});
