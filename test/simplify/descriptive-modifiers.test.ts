import { describe, expect, it } from 'vitest';
import { DescriptiveAdjectives, dropDescriptiveModifiers } from '../../src/simplify/rule-based/descriptive-modifiers.js';
import { DetailAdverbs } from '../../src/simplify/rule-based/detail-adverbs.js';
import { isLimiting } from '../../src/simplify/rule-based/detail-dropper.js';
import { EmphasisAdverbs } from '../../src/simplify/rule-based/emphasis-adverbs.js';
import { joinTokens, tagTokens } from '../../src/simplify/rule-based/tokens.js';
import { WordNet } from '../../src/simplify/rule-based/wordnet.js';

const wordnet = new WordNet();
const lexicon = { adjectives: new DescriptiveAdjectives(wordnet), adverbs: new DetailAdverbs(wordnet), emphasis: new EmphasisAdverbs(wordnet) };
const drop = (sentence: string) => joinTokens(dropDescriptiveModifiers(tagTokens(sentence), lexicon, isLimiting)).trim();

describe('dropDescriptiveModifiers', () => {
  it('drops describing adjectives before their noun and fixes the article', () => {
    expect(drop('Kochi is a major port on the coast.')).toBe('Kochi is a port on the coast.');
    expect(drop('She lived in an enormous house.')).toBe('She lived in a house.');
    expect(drop('It grew into a major commercial centre.')).toBe('It grew into a commercial centre.');
  });

  it('drops manner adverbs bound to a describing word or after their verb', () => {
    expect(drop('The storm left many homes severely damaged.')).toBe('The storm left many homes damaged.');
    expect(drop('The children ran quickly.')).toBe('The children ran.');
    expect(drop('The team played brilliantly in the final.')).toBe('The team played in the final.');
  });

  it('keeps adjectives that name a kind, limit, order or oblige', () => {
    for (const sentence of [
      'The solar panels charge the battery.', // relational: pertains to the sun
      'A brown dwarf is a failed star.', // a WordNet compound, and a colour
      'The former president spoke.', // privative
      'Bring the compulsory fee on the next day.', // obligation, order
      'It is the largest city in the state.', // superlative
      'This is an unsafe road.', // negative prefix
      'He met the other students.', // restrictive
    ]) {
      expect(drop(sentence)).toBe(sentence);
    }
  });

  it('keeps predicates, numbers, names, hedges and adverbs that describe after "be"', () => {
    for (const sentence of [
      'The house is big.',
      'The town has 3 large schools.',
      'The Great Wall is long.',
      'The river usually floods in June.',
      'The moon is irregularly shaped.',
      'The area is densely populated.',
    ]) {
      expect(drop(sentence)).toBe(sentence);
    }
    // The emphasis goes, and the adjective it strengthened stays.
    expect(drop('It was a very big house.')).toBe('It was a big house.');
  });
});
