import { describe, expect, it } from 'vitest';
import { splitForSpeech } from '../../src/speak/split-for-speech.js';
import { words } from '../../src/text/sentences.js';

describe('splitForSpeech', () => {
  it('cuts at sentence ends, danda included', () => {
    expect(splitForSpeech('पानी ज़रूरी है। हम पानी पीते हैं।\n\nSecond paragraph.', 'hi', 400)).toEqual([
      { text: 'पानी ज़रूरी है।', endsSentence: true },
      { text: 'हम पानी पीते हैं।', endsSentence: true },
      { text: 'Second paragraph.', endsSentence: true },
    ]);
  });

  it('cuts a long sentence at clauses, then spaces, then inside a spaceless run, losing no word', () => {
    const text = `${'alpha beta, '.repeat(40)}${'gamma '.repeat(80)}${'x'.repeat(250)} end.`;
    const pieces = splitForSpeech(text, 'en', 100);
    for (const piece of pieces) expect(piece.text.length).toBeLessThanOrEqual(100);
    expect(pieces.filter((p) => p.endsSentence)).toHaveLength(1);
    expect(pieces.map((p) => p.text).join(' ').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    expect(words(pieces.map((p) => p.text).join(' ')).length).toBeGreaterThanOrEqual(words(text).length);
  });

  it('handles a 200,000-character paragraph in linear time', () => {
    const text = 'Rain falls. '.repeat(16_000);
    const pieces = splitForSpeech(text, 'en', 400);
    expect(pieces).toHaveLength(16_000);
  });
});
