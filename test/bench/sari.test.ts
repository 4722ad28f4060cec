import { describe, expect, it } from 'vitest';
import { corpusSari, extractNgrams, normalizeForSari, tokenize13a } from '../../scripts/bench/sari.js';

describe('tokenize13a (sacreBLEU 13a)', () => {
  it('splits punctuation off words but keeps numbers whole', () => {
    expect(tokenize13a('Hello, world.')).toBe('Hello , world .');
    expect(tokenize13a('It cost 1,500 rupees or 3.5 dollars.')).toBe('It cost 1,500 rupees or 3.5 dollars .');
    expect(tokenize13a('(born 1935)')).toBe('( born 1935 )');
    expect(tokenize13a('a 5-year plan')).toBe('a 5 - year plan');
    expect(tokenize13a('well-known')).toBe('well-known');
    expect(tokenize13a('He said &quot;no&quot; &amp; left')).toBe('He said " no " & left');
    expect(tokenize13a('  many   spaces\there ')).toBe('many spaces here');
  });

  it('lower-cases before tokenising by default, as EASSE does', () => {
    expect(normalizeForSari('The CAT sat.')).toBe('the cat sat .');
    expect(normalizeForSari('The CAT sat.', false)).toBe('The CAT sat .');
  });

  it('counts n-grams of orders 1 to 4', () => {
    const [uni, bi, tri, four] = extractNgrams('a b a b');
    expect(uni!.get('a')).toBe(2);
    expect(bi!.get('a b')).toBe(2);
    expect(tri!.size).toBe(2);
    expect(four!.get('a b a b')).toBe(1);
  });
});

describe('corpusSari (EASSE corpus_sari)', () => {
  it('scores a deletion every reference agrees with', () => {
    // keep: orders 1-2 perfect, 3-4 empty (F1 0); delete: orders 1-3 perfect, 4 empty; add: nothing.
    const s = corpusSari(['a b c'], ['a b'], [['a b']]);
    expect(s.add).toBeCloseTo(0, 10);
    expect(s.keep).toBeCloseTo(50, 10);
    expect(s.delete).toBeCloseTo(75, 10);
    expect(s.sari).toBeCloseTo(125 / 3, 10);
  });

  it('weights keep and delete by the number of references and scores deletion with F1', () => {
    // Two references: one keeps "b", one drops it. The system drops it.
    // Unigrams: keep P 1, R 2/3 -> F1 0.8; delete P 1/2, R 1 -> F1 2/3. Bigram "a b": delete F1 2/3.
    const s = corpusSari(['a b'], ['a'], [['a'], ['a b']]);
    expect(s.keep).toBeCloseTo((100 * 0.8) / 4, 10);
    expect(s.delete).toBeCloseTo((100 * (2 / 3 + 2 / 3)) / 4, 10);
    expect(s.add).toBeCloseTo(0, 10);
  });

  it('credits words added that a reference also added', () => {
    const s = corpusSari(['a b'], ['a c'], [['a c']]);
    expect(s.add).toBeCloseTo(50, 10);
    expect(s.keep).toBeCloseTo(25, 10);
    expect(s.delete).toBeCloseTo(50, 10);
    expect(s.sari).toBeCloseTo(125 / 3, 10);
  });

  it('gives the identity output keep only, and full keep when references equal the source', () => {
    const orig = ['The cat sat on the mat.', 'Dogs bark at night.'];
    const same = corpusSari(orig, orig, [orig]);
    expect(same).toMatchObject({ add: 0, delete: 0 });
    expect(same.keep).toBeCloseTo(100, 10);
    const refs = [['The cat sat.', 'Dogs bark.']];
    const identity = corpusSari(orig, orig, refs);
    expect(identity.add).toBe(0);
    expect(identity.delete).toBe(0);
    expect(identity.keep).toBeGreaterThan(0);
    expect(identity.keep).toBeLessThan(100);
  });

  it('aggregates over the corpus, not as a mean of sentence scores', () => {
    const orig = ['a b c d e', 'x y'];
    const sys = ['a b c', 'x y z'];
    const refs = [['a b c', 'x y']];
    const corpus = corpusSari(orig, sys, refs).sari;
    const mean = (corpusSari([orig[0]!], [sys[0]!], [[refs[0]![0]!]]).sari + corpusSari([orig[1]!], [sys[1]!], [[refs[0]![1]!]]).sari) / 2;
    expect(Math.abs(corpus - mean)).toBeGreaterThan(1);
  });

  it('is case-insensitive and ignores spacing around punctuation', () => {
    const a = corpusSari(['The Cat sat, then slept.'], ['The cat sat.'], [['the cat sat .']]);
    const b = corpusSari(['the cat sat , then slept .'], ['THE CAT SAT.'], [['The cat  sat.']]);
    expect(a).toEqual(b);
  });

  it('refuses misaligned inputs', () => {
    expect(() => corpusSari(['a', 'b'], ['a'], [['a', 'b']])).toThrow(/outputs/);
    expect(() => corpusSari(['a', 'b'], ['a', 'b'], [['a']])).toThrow(/reference/);
  });
});
