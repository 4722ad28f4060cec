import { describe, expect, it } from 'vitest';
import { moveBirthAside } from '../../src/simplify/rule-based/birth-aside.js';
import { splitClauses } from '../../src/simplify/rule-based/clause-splitter.js';
import { moveOpeningPhrase } from '../../src/simplify/rule-based/opening-phrase-mover.js';
import { joinTokens, tagTokens } from '../../src/simplify/rule-based/tokens.js';
import { words } from '../../src/text/sentences.js';

const split = (sentence: string, maxSentenceWords = 6) =>
  splitClauses(tagTokens(sentence), { maxSentenceWords, minClauseWords: 3 }).map((part) => joinTokens(part).trim());

describe('splitClauses', () => {
  it('moves a relative clause out of the middle of a sentence and mends the main clause', () => {
    const parts = split('The old city, which was founded in 1200, is very large.');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^The old city is very large\.$/);
    expect(parts[1]).toMatch(/founded in 1200\.$/);
    expect(parts[1]).not.toMatch(/which/);
  });

  it('gives a split-off clause a subject and the main clause\'s tense', () => {
    const [, second] = split('The storm struck the coast in 1999, causing damage to many homes.');
    expect(second).toMatch(/^This caused damage to many homes\.$/);
    const [, verbPhrase] = split('The farmers planted rice in June, and harvested it in October.');
    expect(verbPhrase).toMatch(/harvested it in October\.$/);
    expect(words(verbPhrase!)[0]).not.toBe('and');
  });

  it('starts "but" clauses with But and keeps every content word', () => {
    const input = 'The river floods every year, but the farmers still grow wheat on its banks.';
    const parts = split(input);
    expect(parts).toHaveLength(2);
    expect(parts[1]).toMatch(/^But /);
    for (const word of words(input).filter((w) => w.length > 3)) expect(parts.join(' ')).toContain(word);
  });

  it('leaves lists, shared auxiliaries and bracketed commas alone', () => {
    expect(split('Bacteria, fungi, algae, mosses, and ferns live on trees.')).toHaveLength(1);
    expect(split('She was born in Pune and raised in Delhi by her grandparents.')).toHaveLength(1);
    expect(split('The law (passed in 1950, amended in 1976) protects forests everywhere.')).toHaveLength(1);
  });

  it('does not split a sentence that is already short enough', () => {
    const sentence = 'The river floods every year, but the farmers still grow wheat.';
    expect(split(sentence, 40)).toEqual([sentence]);
  });
});

describe('moveBirthAside', () => {
  it('turns "(born ...)" into a sentence of its own about the name', () => {
    const out = moveBirthAside('Dennis Hopper (born May 17, 1936) is an American actor.');
    expect(out).toBe('Dennis Hopper is an American actor. Dennis Hopper was born on May 17, 1936.');
    expect(moveBirthAside('Jörg Heinrich (born 1969) is a defender.')).toMatch(/was born in 1969\.$/);
    expect(moveBirthAside('The war (1939–1945) changed Europe.')).toBe('The war (1939–1945) changed Europe.');
  });
});

describe('moveOpeningPhrase', () => {
  it('puts the subject first and keeps the phrase', () => {
    const out = joinTokens(moveOpeningPhrase(tagTokens('In March 2001, the federation bought the company.'))).trim();
    expect(out).toBe('The federation bought the company in March 2001.');
  });

  it('leaves sentences with more than one clause, or no opening phrase, alone', () => {
    for (const s of ['In 2001, the federation bought the company, which grew.', 'The federation bought the company in 2001.', 'Of the moons, only Puck was seen.']) {
      expect(joinTokens(moveOpeningPhrase(tagTokens(s)))).toBe(s);
    }
  });
});
