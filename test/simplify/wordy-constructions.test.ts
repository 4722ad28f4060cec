import { describe, expect, it } from 'vitest';
import { joinTokens, tagTokens } from '../../src/simplify/rule-based/tokens.js';
import { dropWordyFunctionWords } from '../../src/simplify/rule-based/wordy-constructions.js';

const drop = (sentence: string) => joinTokens(dropWordyFunctionWords(tagTokens(sentence))).trim();

describe('dropWordyFunctionWords', () => {
  it('drops the "that" of a reported clause and the "located" of a place', () => {
    expect(drop('The teacher said that the bus was late.')).toBe('The teacher said the bus was late.');
    expect(drop('Scientists found that it grows in the dark.')).toBe('Scientists found it grows in the dark.');
    expect(drop('The school is located in Kochi.')).toBe('The school is in Kochi.');
  });

  it('keeps "that" where it is a determiner, a relative pronoun or after other verbs', () => {
    for (const sentence of ['He knew that man.', 'The book that she wrote is long.', 'She said that.', 'The office was located after a search.']) {
      expect(drop(sentence)).toBe(sentence);
    }
  });
});
