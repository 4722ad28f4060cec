import { beforeAll, describe, expect, it } from 'vitest';
import { loadRetextSimplifyPatterns, PlainLanguagePhrases } from '../../src/simplify/rule-based/plain-language-phrases.js';
import { tagTokens, type Token } from '../../src/simplify/rule-based/tokens.js';
import { WordFrequency } from '../../src/simplify/rule-based/word-frequency.js';
import { WordNet } from '../../src/simplify/rule-based/wordnet.js';

let phrases: PlainLanguagePhrases;

/** The sentence with every phrase the table matches replaced, as the simplifier does. */
function rewrite(sentence: string): string {
  const tokens: Token[] = tagTokens(sentence);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const match = phrases.match(tokens, i);
    const t = tokens[i]!;
    if (match) {
      out.push(t.pre + match.words.join(' ') + tokens[i + match.length - 1]!.post);
      i += match.length - 1;
    } else {
      out.push(t.pre + t.text + t.post);
    }
  }
  return out.join('').trim();
}

beforeAll(async () => {
  phrases = await PlainLanguagePhrases.load(new WordNet(), new WordFrequency());
});

describe('PlainLanguagePhrases (retext-simplify table)', () => {
  it('loads the package table and keeps only entries it can act on', async () => {
    const table = await loadRetextSimplifyPatterns();
    expect(table['in order to']?.replace).toEqual(['to']);
    expect(phrases.size).toBeGreaterThan(150);
    expect(phrases.size).toBeLessThan(Object.keys(table).length);
  });

  it('replaces wordy phrases with a single clear replacement, keeping the capital', () => {
    expect(rewrite('They dug a canal in order to water the fields.')).toBe('They dug a canal to water the fields.');
    expect(rewrite('Prior to the war, the town was small.')).toBe('Before the war, the town was small.');
    expect(rewrite('It has a shape similar to a leaf.')).toBe('It has a shape like a leaf.');
  });

  it('replaces a word only by a synonym of its usual sense, inflected like it', () => {
    expect(rewrite('The workers utilized old tools.')).toBe('The workers used old tools.');
    expect(rewrite('The engine accelerated quickly.')).toMatch(/sped up/);
  });

  it('leaves words alone where the table would change the meaning or the grammar', () => {
    for (const sentence of [
      'Eastman and Kotik performed together on stage.', // "perform" in its musical sense
      'Only ruins remained of the old fort.', // the verb's own preposition
      'It appears to have lived in water.', // the replacement would drop the subject
      'It was at this time that she left.', // "now" would move a past event to the present
      'The selection committee met on Monday.', // part of a fixed name
      'Mr. Utilize visited the school.', // a name
    ]) {
      expect(rewrite(sentence)).toBe(sentence);
    }
  });
});
