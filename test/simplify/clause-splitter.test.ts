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

  it('tells a past event in the present perfect with the past tense', () => {
    expect(split('Editors have so far released two albums, selling two million copies.')[1]).toBe('They sold two million copies.');
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

  it('splits two whole clauses joined by "and" or "but" without a comma', () => {
    expect(split('Leizu shared her discoveries with others and the knowledge became widespread in China.')).toEqual([
      'Leizu shared her discoveries with others.',
      'The knowledge became widespread in China.',
    ]);
    expect(split('At first the aroma is sweet and pleasant but it becomes musky when overripe.')[1]).toBe('But it becomes musky when overripe.');
  });

  it('does not split "and" that joins two nouns', () => {
    for (const sentence of [
      'She was left alone while her son and his wife went to a basketball game.',
      'The study found that the boys and the girls were equally strong.',
      'He is the son of a farmer and a teacher who has moved to the city.',
    ]) {
      expect(split(sentence)).toEqual([sentence]);
    }
  });

  it('splits "X is a N which ..." but keeps a restricting clause about anything else', () => {
    expect(split('Serpent is a block cipher which was a finalist in the contest.')).toEqual(['Serpent is a block cipher.', 'It was a finalist in the contest.']);
    const restricting = 'It is impossible to make a valid signature for a party who does not hold the key.';
    expect(split(restricting)).toEqual([restricting]);
  });

  it('reads the comma of a date as part of the date', () => {
    expect(split('The season officially began on June 1, 1977, and lasted until November 30, 1977.')).toEqual([
      'The season officially began on June 1, 1977.',
      'It lasted until November 30, 1977.',
    ]);
  });

  it('moves "also known as ..." out with the tense its adverb asks for', () => {
    const parts = split('The Municipality Key, formerly known as the Code Number, is a number for each town.');
    expect(parts).toEqual(['The Municipality Key is a number for each town.', 'The Municipality Key was formerly known as the Code Number.']);
    expect(split('The Bulldog, also known as the British Bulldog, is a breed of dog from England.')[1]).toBe('The Bulldog is also known as the British Bulldog.');
  });

  it('gives a long subject the pronoun its head noun asks for', () => {
    const parts = split('An earlier version of the old team played for the cup in 1904, but lost to the city club.');
    expect(parts).toEqual(['An earlier version of the old team played for the cup in 1904.', 'But it lost to the city club.']);
  });

  it('does not split inside a quotation', () => {
    const sentence = 'The sign said "we will open soon, and the shop will sell rice" in big letters.';
    expect(split(sentence)).toEqual([sentence]);
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
    // A title after a comma is not the name: the aside stays rather than be said about "CM".
    const titled = 'Toller Cranston, CM (born April 20, 1949) is a skater.';
    expect(moveBirthAside(titled)).toBe(titled);
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
