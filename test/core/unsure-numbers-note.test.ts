import { describe, expect, it } from 'vitest';
import type { AcceptedInput, ImageTextReader } from '../../src/core/ports.js';
import { unsureNumbersNote } from '../../src/core/unsure-numbers-note.js';
import { ImageExtractor } from '../../src/extract/image/image-extractor.js';

const UNSURE = [{ text: '15', confidence: 0.42, context: 'दिवस 15 नवंबर को' }];

describe('unsure numbers in the reply', () => {
  it('names each unsure number with the words around it, in the reply language', () => {
    expect(unsureNumbersNote('en', UNSURE)).toBe('Please check these numbers on the page, I may have misread them: 15 (“दिवस 15 नवंबर को”).');
    expect(unsureNumbersNote('hi', UNSURE)).toMatch(/^कृपया पन्ने पर ये संख्याएँ जाँच लें.*15 \(“दिवस 15 नवंबर को”\)।$/u);
    expect(unsureNumbersNote('ur', [...UNSURE, { text: '۱۲۱', confidence: 0.45, context: 'کل ۱۲۱ طلبہ' }])).toContain('، ۱۲۱');
  });

  it('names at most five and says there are more', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ text: String(i + 10), confidence: 0.3, context: '' }));
    const note = unsureNumbersNote('en', many);
    expect(note).toContain('14');
    expect(note).not.toContain('15');
    expect(note).toContain('…');
  });

  it('is carried from the page reader through the image extractor', async () => {
    const reader: ImageTextReader = { read: async () => ({ text: 'खेल दिवस 15 नवंबर को', language: 'hi', confidence: 0.9, unsureNumbers: UNSURE }) };
    const input: AcceptedInput = { kind: 'image', mime: 'image/jpeg', bytes: Buffer.from('x') };
    const extracted = await new ImageExtractor(reader).extract(input, { sourceLanguage: 'hi' });
    expect(extracted.unsureNumbers).toEqual(UNSURE);
  });
});
