import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from '../../src/models/split-into-chunks.js';

const words = (t: string): number => t.split(/\s+/u).filter(Boolean).length;
const chars = (t: string): number => [...t].length;

describe('splitIntoChunks', () => {
  it('packs whole paragraphs while they fit', () => {
    const text = ['one two three', 'four five', 'six seven eight nine', 'ten'].join('\n\n');
    expect(splitIntoChunks(text, 5, words)).toEqual(['one two three\n\nfour five', 'six seven eight nine\n\nten']);
  });

  it('keeps a short text whole', () => {
    expect(splitIntoChunks('  Plants need water.  ', 100, words)).toEqual(['Plants need water.']);
  });

  it('splits a long paragraph at sentence ends, including the danda', () => {
    const text = 'पौधों को पानी चाहिए। सूरज एक तारा है। धरती गोल है।';
    const chunks = splitIntoChunks(text, 5, words);
    expect(chunks).toEqual(['पौधों को पानी चाहिए।', 'सूरज एक तारा है।', 'धरती गोल है।']);
  });

  it('never exceeds the limit and drops nothing, even for one endless word', () => {
    const text = `Intro line.\n\n${'a'.repeat(50)} tail words here.\n\nEnd.`;
    const chunks = splitIntoChunks(text, 12, chars);
    for (const c of chunks) expect(chars(c)).toBeLessThanOrEqual(12);
    expect(chunks.join('').replace(/\s+/gu, '')).toBe(text.replace(/\s+/gu, ''));
  });
});
