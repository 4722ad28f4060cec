import { describe, expect, it } from 'vitest';
import { loadModelCatalog } from '../../src/models/model-catalog.js';
import { LANGUAGE_CODES } from '../../src/core/languages.js';

const catalogFile = new URL('../../models/catalog.json', import.meta.url).pathname;

describe('models/catalog.json', () => {
  it('is valid and covers every tier for simplify and translate', async () => {
    const catalog = await loadModelCatalog(catalogFile);
    for (const tier of ['SMALL', 'MEDIUM', 'LARGE']) {
      for (const task of ['simplify', 'translate'] as const) {
        expect(catalog.models.some((m) => m.tier === tier && m.tasks.includes(task)), `${tier} ${task}`).toBe(true);
      }
    }
    for (const m of catalog.models) {
      expect(m.licence.length).toBeGreaterThan(0);
      expect(m.url.startsWith('https://huggingface.co/')).toBe(true);
      expect(m.estimatedRamBytes).toBeGreaterThan(m.sizeBytes);
      for (const l of m.languages) expect(LANGUAGE_CODES).toContain(l);
    }
  });

  it('has the seed Qwen2.5 Instruct 1.5B / 7B / 14B Q4_K_M with pinned size and checksum, and a family for Indian languages', async () => {
    const catalog = await loadModelCatalog(catalogFile);
    const qwen = catalog.models.filter((m) => m.family === 'qwen2.5');
    expect(qwen.map((m) => [m.parameters, m.tier, m.quantization])).toEqual([['1.5B', 'SMALL', 'Q4_K_M'], ['7.6B', 'MEDIUM', 'Q4_K_M'], ['14.8B', 'LARGE', 'Q4_K_M']]);
    for (const m of qwen) expect(m).toMatchObject({ sizeExact: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/u), licence: 'Apache-2.0' });
    const indic = catalog.models.filter((m) => m.family !== 'qwen2.5');
    expect(indic.some((m) => m.languages.includes('ta') && m.languages.includes('hi') && m.tasks.includes('translate'))).toBe(true);
    expect(indic.every((m) => m.licenceNotes)).toBe(true);
  });
});
