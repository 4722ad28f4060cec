import { describe, expect, it } from 'vitest';
import { dropFusedHeading } from '../../src/simplify/rule-based/fused-heading.js';
import { WordNet } from '../../src/simplify/rule-based/wordnet.js';

const wordnet = new WordNet();

describe('dropFusedHeading', () => {
  it('drops a section heading that extraction glued to the first sentence', () => {
    expect(dropFusedHeading('History The district was created in 1994.', wordnet)).toBe('The district was created in 1994.');
    expect(dropFusedHeading('Economy and infrastructure The town has 600 shops.', wordnet)).toBe('The town has 600 shops.');
    expect(dropFusedHeading('Early life He was born in Pune.', wordnet)).toBe('He was born in Pune.');
  });

  it('keeps sentences that only look like it', () => {
    for (const sentence of [
      'At The Great American Bash, McCool won.',
      'In The Tomb of the Cybermen, veins were seen.',
      'Rahul The Great is a film.',
      'The district was created in 1994.',
      'Photosynthesis makes food.',
    ]) {
      expect(dropFusedHeading(sentence, wordnet)).toBe(sentence);
    }
  });
});
