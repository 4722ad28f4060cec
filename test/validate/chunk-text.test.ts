import { describe, expect, it } from 'vitest';
import { chunkText } from '../../src/text/chunk-text.js';

describe('chunkText', () => {
  it('cuts after sentence ends, keeping every character', () => {
    const text = 'पानी ज़रूरी है। '.repeat(300) + 'Water matters. '.repeat(300);
    const chunks = chunkText(text, 500);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(500);
      expect(chunk).toMatch(/[.।]\s*$/u);
    }
  });

  it('falls back to spaces, then to a hard cut that keeps surrogate pairs whole', () => {
    const spaced = 'word '.repeat(1000);
    expect(chunkText(spaced, 101).every((c) => c.endsWith(' '))).toBe(true);
    const emoji = '😀'.repeat(1000);
    const chunks = chunkText(emoji, 101);
    expect(chunks.join('')).toBe(emoji);
    for (const chunk of chunks) expect(chunk.length % 2).toBe(0);
  });

  it('returns short text as it is', () => {
    expect(chunkText('Short.', 2000)).toEqual(['Short.']);
    expect(chunkText('', 2000)).toEqual([]);
  });
});
