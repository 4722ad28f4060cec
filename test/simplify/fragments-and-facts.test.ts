import { describe, expect, it } from 'vitest';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { fragmentSentences } from '../../src/text/sentence-fragment.js';

const simplifier = new RuleBasedSimplifier();
const simplify = async (text: string, grade: number) => (await simplifier.simplify({ text, language: 'en', grade })).text;

const SEALS = 'They used seals carved with animals and a script that scholars have still not been able to read.';
const LEAF = 'Green plants contain chlorophyll, which absorbs energy from sunlight. Using this energy, the plant turns water and carbon dioxide into sugar.';

describe('no fragments from the rule path', () => {
  for (const grade of [3, 5]) {
    it(`does not split off "a script that ..." as a sentence of its own at grade ${grade}`, async () => {
      const out = await simplify(SEALS, grade);
      expect(out).not.toMatch(/animals\.\s+A script/u);
      expect(out).toMatch(/animals and a script that scholars/u);
      expect(fragmentSentences(out)).toEqual([]);
    });
  }
});

describe('describing clauses are split, not dropped, at low grades', () => {
  it('keeps "absorbs energy from sunlight" and "Using this energy" at grade 3, as short sentences', async () => {
    const out = await simplify(LEAF, 3);
    expect(out).toMatch(/sunlight/u);
    expect(out).toMatch(/Using this energy/u);
    expect(out).toMatch(/chlorophyll\. It absorbs energy from sunlight\./u);
    expect(fragmentSentences(out)).toEqual([]);
  });

  it('gives a trailing "-ing" phrase a sentence of its own at grade 3, with the subject carried over', async () => {
    const out = await simplify('He settled in London, devoting himself chiefly to teaching.', 3);
    expect(out).toBe('He settled in London. He devoted himself chiefly to teaching.');
    expect(fragmentSentences(out)).toEqual([]);
  });

  it('still drops an aside of examples at grade 3', async () => {
    const out = await simplify('The team lost the final, including the star player.', 3);
    expect(out).not.toMatch(/including/u);
    expect(out).toMatch(/lost the final/u);
  });
});

describe('fragment detector', () => {
  it('tells fragments from sentences', () => {
    expect(fragmentSentences('A script that scholars have still not been able to read.')).toHaveLength(1);
    expect(fragmentSentences('Using this energy.')).toHaveLength(1);
    expect(fragmentSentences('The man who came is my father. Bring a water bottle. It absorbs energy from sunlight.')).toEqual([]);
  });
});
