import { describe, expect, it } from 'vitest';
import { appendFooter, splitMessage } from '../../adapters/shared/split-message.js';

const escapedCost = (text: string) => text.replace(/&/g, '&amp;').replace(/[<>]/g, '&lt;').length;

describe('splitMessage', () => {
  it('returns a short text whole, trimmed', () => {
    expect(splitMessage('  Plants make food.  ', 100)).toEqual(['Plants make food.']);
    expect(splitMessage(' \n\n ', 100)).toEqual([]);
  });

  it('cuts at paragraphs before sentences, and keeps every word', () => {
    const first = 'First paragraph. It has two sentences.';
    const second = 'Second paragraph is here.';
    expect(splitMessage(`${first}\n\n${second}`, 45)).toEqual([first, second]);
  });

  it('cuts a long paragraph at sentence ends, Hindi danda included', () => {
    const sentence = 'पौधे धूप से अपना भोजन बनाते हैं। ';
    const text = sentence.repeat(20).trim();
    const parts = splitMessage(text, 100);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      expect(part.endsWith('हैं।')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text);
  });

  it('measures each part after escaping with the given cost', () => {
    const text = Array.from({ length: 40 }, (_, i) => `a<b & c>d ${i}.`).join(' ');
    const parts = splitMessage(text, 50, escapedCost);
    for (const part of parts) expect(escapedCost(part)).toBeLessThanOrEqual(50);
    // Measured raw, the same limit would have allowed longer parts: the cost is really used.
    expect(splitMessage(text, 50).length).toBeLessThan(parts.length);
  });

  it('cuts a word longer than a message between graphemes, never inside an emoji', () => {
    const word = '👩‍👩‍👧'.repeat(30);
    const parts = splitMessage(word, 20);
    expect(parts.join('')).toBe(word);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(20);
      expect(part.length % '👩‍👩‍👧'.length).toBe(0);
    }
  });

  it('refuses a limit too small to be a message', () => {
    expect(() => splitMessage('text', 8)).toThrow(RangeError);
  });
});

describe('appendFooter', () => {
  it('joins the footer to the last part when it fits, else adds a part', () => {
    expect(appendFooter(['Body.'], '_served by rules_', 100)).toEqual(['Body.\n\n_served by rules_']);
    expect(appendFooter(['x'.repeat(90)], 'footer line', 100)).toEqual(['x'.repeat(90), 'footer line']);
    expect(appendFooter([], 'footer', 100)).toEqual(['footer']);
    expect(appendFooter(['Body.'], '', 100)).toEqual(['Body.']);
  });
});
