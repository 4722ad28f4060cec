import { beforeAll, describe, expect, it } from 'vitest';
import { LexicalSubstituter, type Substitution } from '../../src/simplify/rule-based/lexical-substituter.js';
import { tagTokens } from '../../src/simplify/rule-based/tokens.js';
import { WordFrequency } from '../../src/simplify/rule-based/word-frequency.js';
import { WordNet } from '../../src/simplify/rule-based/wordnet.js';

const SENTENCES = [
  'In March 2001, the federation purchased the rival company.',
  'The fire ceased after the rain commenced.',
  'The workers constructed a bridge and assisted the villagers.',
  'Such storms occur when the air is warm.',
  'The physician examined the children before the festival.',
  'Engineers selected a cheaper design for the automobiles.',
];

let wordnet: WordNet;
let frequency: WordFrequency;
let substituter: LexicalSubstituter;
const found: Substitution[] = [];

beforeAll(() => {
  wordnet = new WordNet();
  frequency = new WordFrequency();
  substituter = new LexicalSubstituter(wordnet, frequency);
  for (const sentence of SENTENCES) {
    const tokens = tagTokens(sentence);
    tokens.forEach((token, i) => {
      const s = substituter.substitute(token, i === 0, { rareRank: 3000 }, tokens[i - 1], tokens[i + 1]);
      if (s) found.push(s);
    });
  }
});

describe('LexicalSubstituter', () => {
  it('replaces several rare words in plain school sentences', () => {
    expect(found.length).toBeGreaterThanOrEqual(5);
  });

  it('only swaps a word for a WordNet synonym of the same part of speech', () => {
    for (const s of found) {
      const synonyms = wordnet.synsets(s.lemma, s.pos).flatMap((synset) => synset.lemmas);
      expect(synonyms, `${s.lemma} -> ${s.replacementLemma}`).toContain(s.replacementLemma);
    }
  });

  it('always picks a more frequent word', () => {
    for (const s of found) {
      expect(frequency.rank(s.replacementLemma), `${s.lemma} -> ${s.replacementLemma}`).toBeLessThan(frequency.rank(s.lemma));
      expect(frequency.count(s.replacement)).toBeGreaterThan(frequency.count(s.word));
    }
  });

  it('keeps the inflection of the word it replaces', () => {
    const tokens = tagTokens('The company purchased two farms.');
    const purchased = substituter.substitute(tokens[2]!, false, { rareRank: 3000 }, tokens[1], tokens[3]);
    expect(purchased?.replacement).toMatch(/ed$|ght$/);
    expect(purchased?.replacement).not.toBe('buy');
    const plural = tagTokens('Many automobiles were parked.');
    const cars = substituter.substitute(plural[1]!, false, { rareRank: 3000 }, plural[0], plural[2]);
    expect(cars?.replacement).toMatch(/s$/);
  });

  it('never touches names, numbers or negations, and leaves common words alone', () => {
    const tokens = tagTokens('NASA never purchased 1,500 rockets from Mumbai, and the dog did not run.');
    tokens.forEach((token, i) => {
      const s = substituter.substitute(token, i === 0, { rareRank: 3000 }, tokens[i - 1], tokens[i + 1]);
      if (['NASA', 'never', '1,500', 'Mumbai', 'not', 'dog', 'run'].includes(token.text)) expect(s, token.text).toBeNull();
    });
  });

  it('gives fewer replacements when the reader knows more words', () => {
    const count = (rareRank: number) =>
      SENTENCES.flatMap((sentence) => {
        const tokens = tagTokens(sentence);
        return tokens.filter((t, i) => substituter.substitute(t, i === 0, { rareRank }, tokens[i - 1], tokens[i + 1]));
      }).length;
    expect(count(50_000)).toBeLessThanOrEqual(count(3000));
    expect(count(50_000)).toBeLessThan(found.length);
  });
});
