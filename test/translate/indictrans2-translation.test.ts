import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/load-config.js';
import type { TranslateRequest, Translator } from '../../src/core/ports.js';
import { ModelPool, type PooledHandle } from '../../src/models/model-pool.js';
import { ChainedTranslator, translateLink } from '../../src/resilience/chained-translator.js';
import { createBackendPolicies } from '../../src/resilience/create-fallback-services.js';
import { IndicTrans2Model, MAX_SOURCE_TOKENS } from '../../src/translate/indictrans2/indictrans2-model.js';
import { indicTrans2Link } from '../../src/translate/indictrans2/indictrans2-link.js';
import { splitForModel } from '../../src/translate/indictrans2/split-for-model.js';
import { TranslationModelStore } from '../../src/translate/indictrans2/translation-model-store.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { installFixtureModels } from './indictrans2-fixture.js';
import type { KeyFacts } from '../../src/core/key-facts.js';
import { translateKeyFacts } from '../../src/key-facts/translate-key-facts.js';

const FEES = 'Fees of ₹1,250 are due on 15/08/2024; see https://school.example/fees or write to office@school.example';
const CIRCULAR = 'The school will be closed tomorrow because of heavy rain. Children should study at home. Parents should pay the fees on time.';
const SECOND_PATH_HINDI = 'भारी बारिश के कारण विद्यालय कल बंद रहेगा। बच्चे घर पर पढ़ाई करें। अभिभावक समय पर शुल्क जमा करें।';
/** What the second path answers: a faithful human translation for each test text. */
const SECOND_PATH: Record<string, string> = {
  hi: SECOND_PATH_HINDI,
  ta: 'கனமழை காரணமாக பள்ளி நாளை மூடப்படும். குழந்தைகள் வீட்டில் படிக்க வேண்டும். பெற்றோர் கட்டணத்தை சரியான நேரத்தில் செலுத்த வேண்டும்.',
  en: 'The school will be closed tomorrow because of heavy rain.',
  fees: 'शुल्क ₹1,250 दिनांक 15/08/2024 तक देय है; https://school.example/fees देखें या office@school.example पर लिखें।',
};

const validator = new TextValidator();
const dirs: string[] = [];
const pools: Array<ModelPool<PooledHandle>> = [];

/** The translate chain as the service builds it: IndicTrans2 first, then a second path that always answers in Hindi. */
async function chainWith(models: Parameters<typeof installFixtureModels>[0]) {
  const modelsDir = await installFixtureModels(models);
  dirs.push(path.dirname(modelsDir));
  const config = loadConfig({ MODELS_DIR: modelsDir, LLM_THREADS: '1', LLM_GPU: 'off' });
  const { policies } = createBackendPolicies(config);
  const pool = new ModelPool<PooledHandle>({ budgetBytes: 2e9 });
  pools.push(pool);
  const seen: TranslateRequest[] = [];
  const second: Translator = {
    translate: async (request) => {
      seen.push(request);
      const text = request.text.startsWith('Fees') ? SECOND_PATH.fees! : SECOND_PATH[request.to]!;
      return { text, language: request.to, backend: { path: 'remote-api', name: 'second path' } };
    },
  };
  const chain = new ChainedTranslator({
    links: [
      indicTrans2Link({ config, pool, budgetBytes: pool.budgetBytes, policies, validator }),
      translateLink(second, { path: 'remote-api', name: 'second path', validator }),
    ],
  });
  return { chain, seen, modelsDir, pool };
}

beforeAll(() => validator.ready());
afterAll(async () => {
  for (const pool of pools) await pool.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('IndicTrans2 through onnxruntime-node, on the fixture export', () => {
  it('translates English to Hindi on the first path, and brings back the amount, date, link and address exactly', async () => {
    const { chain, seen } = await chainWith([{ id: 'it2-en-indic', direction: 'en-indic' }]);
    const result = await chain.translate({ text: FEES, from: 'en', to: 'hi', grade: 8 });
    expect(result!.backend).toMatchObject({ path: 'local-model', model: 'it2-en-indic' });
    // The fixture translates word by word through its dictionary: these words prove the decoder
    // read every source position through the cross-attention cache, in order.
    expect(result!.text).toMatch(/^शुल्क का ₹1,250 हैं देय पर 15\/08\/2024; देखिए https:\/\/school\.example\/fees या लिखिए को office@school\.example$/u);
    for (const item of ['₹1,250', '15/08/2024', 'https://school.example/fees', 'office@school.example']) expect(result!.text).toContain(item);
    expect(result!.attempts).toEqual([expect.objectContaining({ path: 'local-model', name: 'local model it2-en-indic', model: 'it2-en-indic', outcome: 'served' })]);
    expect(seen).toHaveLength(0);
  });

  it('translates a key-facts block in one request on the first path, every number exact; a path that drops numbers leaves the source values', async () => {
    const block: KeyFacts = {
      facts: [
        { kind: 'where', text: 'the school office' },
        { kind: 'bring', text: 'your books and water' },
        { kind: 'pay', text: 'fees of ₹1,250' },
        { kind: 'deadline', text: '15/08/2024' },
      ],
      language: 'en',
      by: 'rule-based',
    };
    const { chain, seen } = await chainWith([{ id: 'it2-en-indic', direction: 'en-indic' }]);
    const asked: TranslateRequest[] = [];
    const counting: Translator = { translate: (request) => (asked.push(request), chain.translate(request)) };
    const translated = await translateKeyFacts(block, { to: 'hi', grade: 5, translator: counting, validator });
    expect(asked).toHaveLength(1);
    expect(seen).toHaveLength(0);
    expect(translated.translatedBy).toBe('local model it2-en-indic');
    expect(translated.facts.map((f) => f.text)).toEqual(['यह विद्यालय कार्यालय', 'अपना किताबें और पानी', 'शुल्क का ₹1,250', '15/08/2024']);
    expect(translated.facts.slice(0, 3).map((f) => f.original)).toEqual(['the school office', 'your books and water', 'fees of ₹1,250']);

    const dropping = await chainWith([{ id: 'it2-drops', direction: 'en-indic', behaviour: 'drop-numbers' }]);
    const onlyModel: Translator = { translate: (request) => dropping.chain.translate(request).then((r) => (r?.backend.path === 'local-model' ? r : null)) };
    const kept = await translateKeyFacts(block, { to: 'hi', grade: 5, translator: onlyModel, validator });
    expect(kept.facts.find((f) => f.kind === 'pay')).toEqual({ kind: 'pay', text: 'fees of ₹1,250' });
  });

  it('writes Tamil in Tamil script: the model speaks Devanagari and the output is converted', async () => {
    const { chain } = await chainWith([{ id: 'it2-en-indic', direction: 'en-indic' }]);
    const result = await chain.translate({ text: 'Children should study at home.', from: 'en', to: 'ta', grade: 8 });
    expect(result!.backend.model).toBe('it2-en-indic');
    expect(result!.text).toMatch(/^[\u0B80-\u0BFF\s।.-]+$/u);
  });

  it('rejects Marathi returned for a Hindi request, and the next path serves', async () => {
    const { chain, seen } = await chainWith([{ id: 'it2-marathi', direction: 'en-indic', behaviour: 'marathi' }]);
    const result = await chain.translate({ text: CIRCULAR, from: 'en', to: 'hi', grade: 8 });
    expect(result!.text).toBe(SECOND_PATH_HINDI);
    expect(result!.backend.name).toBe('second path');
    // The rejected row names the model that answered, as a served row does.
    expect(result!.attempts![0]).toMatchObject({ path: 'local-model', name: 'local model it2-marathi', model: 'it2-marathi', tier: 'SMALL', outcome: 'rejected', reason: expect.stringContaining('language') });
    expect(seen).toHaveLength(1);
  });

  it('rejects English returned for a Tamil request, and the next path serves', async () => {
    const { chain } = await chainWith([{ id: 'it2-english', direction: 'en-indic', behaviour: 'english' }]);
    const result = await chain.translate({ text: CIRCULAR, from: 'en', to: 'ta', grade: 8 });
    expect(result!.backend.name).toBe('second path');
    expect(result!.attempts![0]).toMatchObject({ model: 'it2-english', outcome: 'rejected', reason: expect.stringMatching(/language|script/u) });
  });

  it('fails a translation that drops a number, and the next path serves', async () => {
    const { chain } = await chainWith([{ id: 'it2-drops', direction: 'en-indic', behaviour: 'drop-numbers' }]);
    const result = await chain.translate({ text: `${FEES}.`, from: 'en', to: 'hi', grade: 8 });
    expect(result!.backend.name).toBe('second path');
    expect(result!.attempts![0]).toMatchObject({ name: 'local IndicTrans2 model', outcome: 'failed', reason: expect.stringContaining('dropped 4') });
  });

  it('declines a pair no installed export covers, so the next path serves', async () => {
    const { chain } = await chainWith([{ id: 'it2-en-indic', direction: 'en-indic' }]);
    const result = await chain.translate({ text: 'भारी बारिश के कारण विद्यालय कल बंद रहेगा।', from: 'hi', to: 'en', grade: 8 });
    expect(result!.backend.name).toBe('second path');
    expect(result!.attempts![0]).toMatchObject({ outcome: 'skipped', reason: 'cannot translate this language pair' });
  });

  it('goes Hindi -> English -> Tamil through the two installed exports', async () => {
    const { chain } = await chainWith([{ id: 'it2-indic-en', direction: 'indic-en' }, { id: 'it2-en-indic', direction: 'en-indic' }]);
    const result = await chain.translate({ text: 'बच्चे घर पर पढ़ाई करें। शुल्क 15/08/2024 तक देय है।', from: 'hi', to: 'ta', grade: 8 });
    expect(result!.backend.model).toBe('it2-indic-en+it2-en-indic');
    expect(result!.attempts!.map((a) => a.model)).toEqual(['it2-indic-en', 'it2-en-indic']);
    expect(result!.text).toContain('15/08/2024');
    expect(result!.text).toMatch(/[\u0B80-\u0BFF]/u);
  });

  it('never gives the encoder a piece over 256 subwords: a 3,000-character Hindi paragraph is cut at । and commas', async () => {
    const modelsDir = await installFixtureModels([{ id: 'it2-indic-en', direction: 'indic-en' }]);
    dirs.push(path.dirname(modelsDir));
    const installed = (await new TranslationModelStore(modelsDir).get('it2-indic-en'))!;
    const model = await IndicTrans2Model.load('it2-indic-en', installed.dir, { threads: 1, tryCuda: false });
    try {
      const clause = 'बच्चे घर पर पढ़ाई करें, माता-पिता समय पर शुल्क दीजिए';
      // One run-on sentence with no danda for the first half, then sentences ending in । and ॥.
      let text = '';
      while (text.length < 1500) text += `${clause}, `;
      while (text.length < 3000) text += `${clause}। विद्यालय कल बंद ॥ `;
      expect(text.length).toBeGreaterThanOrEqual(3000);
      const count = (piece: string) => model.countTokens(piece, 'hin_Deva', 'eng_Latn');
      expect(count(text)).toBeGreaterThan(MAX_SOURCE_TOKENS * 2);
      const pieces = splitForModel(text, 'hi', count, MAX_SOURCE_TOKENS);
      expect(pieces.length).toBeGreaterThan(3);
      for (const piece of pieces) expect(count(piece.text)).toBeLessThanOrEqual(MAX_SOURCE_TOKENS);
      expect(pieces.map((p) => p.text).join(' ').replace(/\s+/gu, ' ')).toBe(text.trim().replace(/\s+/gu, ' '));
      // The model itself refuses what is too long, so nothing over the limit could slip through.
      await expect(model.translate([text], 'hin_Deva', 'eng_Latn')).rejects.toThrow(/at most 256/u);
      const out = await model.translate(pieces.map((p) => p.text), 'hin_Deva', 'eng_Latn', { batchSize: 4 });
      expect(out.map((o) => o.text).join(' ')).toContain('children');
    } finally {
      await model.dispose();
    }
  });

  it('stops decoding when the caller aborts', async () => {
    const modelsDir = await installFixtureModels([{ id: 'it2-en-indic', direction: 'en-indic' }]);
    dirs.push(path.dirname(modelsDir));
    const installed = (await new TranslationModelStore(modelsDir).get('it2-en-indic'))!;
    const model = await IndicTrans2Model.load('it2-en-indic', installed.dir, { threads: 1, tryCuda: false });
    try {
      const controller = new AbortController();
      controller.abort(new Error('the user cancelled'));
      await expect(model.translate([CIRCULAR], 'eng_Latn', 'hin_Deva', { signal: controller.signal })).rejects.toThrow('the user cancelled');
      // Forced to 200 tokens, the loop would run 200 steps; an abort after the first milliseconds stops it early.
      const late = new AbortController();
      const started = performance.now();
      setTimeout(() => late.abort(new Error('stopped mid-loop')), 5);
      await expect(model.translate(Array(8).fill(CIRCULAR), 'eng_Latn', 'hin_Deva', { signal: late.signal, forceNewTokens: 100_000 })).rejects.toThrow('stopped mid-loop');
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await model.dispose();
    }
  });
});
