import { describe, expect, it } from 'vitest';
import type { KeyFacts } from '../../src/core/key-facts.js';
import type { Translator } from '../../src/core/ports.js';
import { translateKeyFacts } from '../../src/key-facts/translate-key-facts.js';
import { splitForModel } from '../../src/translate/indictrans2/split-for-model.js';
import { TextValidator } from '../../src/validate/text-validator.js';

const FACTS: KeyFacts = {
  facts: [
    { kind: 'where', text: 'Room 12' },
    { kind: 'bring', text: 'the report card' },
    { kind: 'pay', text: 'Rs. 150' },
  ],
  language: 'en',
  by: 'rule-based',
};

/** Answers the block's request with these lines, as a translation path would. */
function answering(lines: string[]): Translator {
  return { translate: async (request) => ({ text: lines.join('\n'), language: request.to, backend: { path: 'local-model', name: 'test' } }) };
}

const request = (translator: Translator) => ({ to: 'hi', grade: 5, translator, validator: new TextValidator() });

describe('translateKeyFacts', () => {
  it('takes each value that keeps its numbers and reads as the reply language, and only those', async () => {
    const result = await translateKeyFacts(FACTS, request(answering(['कमरा 12', 'the report card', '₹150 और ₹20'])));
    expect(result.language).toBe('hi');
    expect(result.facts).toEqual([
      { kind: 'where', text: 'कमरा 12', original: 'Room 12' },
      // Left in English: not a translation, so the source value stays.
      { kind: 'bring', text: 'the report card' },
      // An invented amount: the source value stays.
      { kind: 'pay', text: 'Rs. 150' },
    ]);
  });

  it('keeps a short value the translator left in English', async () => {
    const result = await translateKeyFacts(FACTS, request(answering(['कमरा 12', 'report card', '₹150'])));
    expect(result.facts.map((f) => f.text)).toEqual(['कमरा 12', 'the report card', '₹150']);
  });

  it('accepts the same number in another digit system', async () => {
    const result = await translateKeyFacts(FACTS, request(answering(['कमरा १२', 'रिपोर्ट कार्ड', '₹१५०'])));
    expect(result.facts.map((f) => f.text)).toEqual(['कमरा १२', 'रिपोर्ट कार्ड', '₹१५०']);
  });

  it('sends the values so that the IndicTrans2 path translates each on its own and gives back one paragraph a value', async () => {
    const sent: string[] = [];
    const recorder: Translator = { translate: async (r) => (sent.push(r.text), null) };
    const values = ['Saturday, 14 December 2024', '9:00 AM to 1:00 PM', 'a water bottle, a cap and their school ID card', 'Rs. 150'];
    const facts: KeyFacts = { ...FACTS, facts: values.map((text) => ({ kind: 'do', text })) };
    expect(await translateKeyFacts(facts, request(recorder))).toBe(facts);
    expect(sent).toHaveLength(1);
    const pieces = splitForModel(sent[0]!, 'en', (piece) => piece.length, 200);
    // The model path joins a paragraph's pieces with a space and paragraphs with a blank line.
    expect(pieces.filter((p) => p.endsParagraph).map((p) => p.text)).toEqual(values);
  });

  it('returns the block unchanged when nothing passes', async () => {
    expect(await translateKeyFacts(FACTS, request(answering(['कमरा', 'the report card', '₹15'])))).toBe(FACTS);
  });
});
