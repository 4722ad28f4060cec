import { describe, expect, it } from 'vitest';
import { speechPrefix } from '../../src/speak/speech-prefix.js';

describe('speechPrefix', () => {
  it('keeps text within the limit whole', () => {
    expect(speechPrefix('Short text. Two sentences.', 'en', 100)).toEqual({ text: 'Short text. Two sentences.', truncated: false });
  });

  it('cuts after the last whole sentence that fits', () => {
    const text = 'पहला वाक्य यहाँ है। दूसरा वाक्य भी यहाँ है। तीसरा वाक्य सबसे लंबा वाक्य है जो सीमा से बाहर जाता है।';
    const prefix = speechPrefix(text, 'hi', 50);
    expect(prefix).toEqual({ text: 'पहला वाक्य यहाँ है। दूसरा वाक्य भी यहाँ है।', truncated: true });
  });

  it('falls back to a word boundary when not even one sentence fits', () => {
    const prefix = speechPrefix('Rivers and mountains and valleys and plains all stretch across the land.', 'en', 30);
    expect(prefix.truncated).toBe(true);
    expect(prefix.text.length).toBeLessThanOrEqual(30);
    expect('Rivers and mountains and valleys and plains all stretch across the land.'.startsWith(prefix.text)).toBe(true);
    expect(prefix.text).toMatch(/\w$/);
  });
});
