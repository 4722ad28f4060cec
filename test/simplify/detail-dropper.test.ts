import { describe, expect, it } from 'vitest';
import { DetailAdverbs } from '../../src/simplify/rule-based/detail-adverbs.js';
import { dropOptionalDetail, type DetailOptions } from '../../src/simplify/rule-based/detail-dropper.js';
import { joinTokens, tagTokens } from '../../src/simplify/rule-based/tokens.js';
import { WordNet } from '../../src/simplify/rule-based/wordnet.js';

const ALL: DetailOptions = { relativeClauses: true, appositives: true, trailingPhrases: true, openingPhrases: true, adverbs: true, modifiers: true };
const NONE: DetailOptions = { relativeClauses: false, appositives: false, trailingPhrases: false, openingPhrases: false, adverbs: false, modifiers: false };
const adverbs = new DetailAdverbs(new WordNet());
const drop = (sentence: string, options: Partial<DetailOptions> = ALL) =>
  joinTokens(dropOptionalDetail(tagTokens(sentence), { ...NONE, ...options }, adverbs)).trim();

describe('dropOptionalDetail', () => {
  it('drops a relative clause without a number, name or negation, in the middle or at the end', () => {
    expect(drop('The old bridge, which stands over the river, is very long.', { relativeClauses: true })).toBe('The old bridge is very long.');
    expect(drop('Iridophores are plates of chitin or protein, which can reflect the light around them.', { relativeClauses: true })).toBe(
      'Iridophores are plates of chitin or protein.',
    );
  });

  it('keeps a relative clause that holds a number, a name or a negation', () => {
    for (const sentence of [
      'The old bridge, which was built in 1890, is very long.',
      'The old bridge, which crosses the Ganga, is very long.',
      'The old bridge, which was never painted, is very long.',
    ]) {
      expect(drop(sentence, { relativeClauses: true })).toBe(sentence);
    }
  });

  it('drops an appositive, a trailing phrase and an opening frame', () => {
    expect(drop('Our teacher, a very patient woman, explained the lesson again.', { appositives: true })).toBe('Our teacher explained the lesson again.');
    // A trailing verb phrase states a fact: the splitter gives it its own sentence; only examples are dropped.
    expect(drop('The storm hit the coast, causing damage to the old homes.', { trailingPhrases: true })).toBe('The storm hit the coast, causing damage to the old homes.');
    expect(drop('The team lost the final, including the star player.', { trailingPhrases: true })).toBe('The team lost the final.');
    expect(drop('During a long journey across the desert, the travellers lost a camel.', { openingPhrases: true })).toBe('The travellers lost a camel.');
  });

  it('keeps phrases that limit the claim or are a list', () => {
    for (const sentence of [
      'In some areas, the farmers grow rice.',
      'According to legend, the king built the fort.',
      'Surveyors use elements of geometry, engineering, physics, and law.',
    ]) {
      expect(drop(sentence)).toBe(sentence);
    }
  });

  it('drops manner adverbs before the verb and "also", but not hedges, negative adverbs or descriptions', () => {
    expect(drop('The storm rapidly grew and the rain also fell.', { adverbs: true })).toBe('The storm grew and the rain fell.');
    for (const sentence of ['The moon is irregularly shaped.', 'He unsuccessfully contested the seat.', 'The river usually floods in June.', 'People illegally cut the trees.']) {
      expect(drop(sentence, { adverbs: true })).toBe(sentence);
    }
    expect(drop('She studied not only music but also art.', { adverbs: true })).toBe('She studied not only music but also art.');
  });

  it('changes nothing when every construction is switched off', () => {
    const sentence = 'The old bridge, which stands over the river, is very long.';
    expect(drop(sentence, NONE)).toBe(sentence);
  });
});
