import { describe, expect, it } from 'vitest';
import { parseLeadingOptions } from '../../adapters/shared/leading-options.js';

describe('parseLeadingOptions', () => {
  it.each([
    ['grade 6 hindi', { grade: 6, language: 'hi', rest: '' }],
    ['class 4 ta', { grade: 4, language: 'ta', rest: '' }],
    ['Grade 10, Tamil', { grade: 10, language: 'ta', rest: '' }],
    ['6th grade in bengali', { grade: 6, language: 'bn', rest: '' }],
    ['grade-7 marathi', { grade: 7, language: 'mr', rest: '' }],
    ['कक्षा ६ हिंदी में', { grade: 6, language: 'hi', rest: '' }],
    ['தமிழ் class 3', { grade: 3, language: 'ta', rest: '' }],
    ['odia std 8', { grade: 8, language: 'or', rest: '' }],
    ['hindi', { language: 'hi', rest: '' }],
    ['grade 5 as', { grade: 5, language: 'as', rest: '' }],
  ])('%s', (text, expected) => {
    expect(parseLeadingOptions(text)).toEqual(expected);
  });

  it('keeps the text after the options, line breaks included', () => {
    expect(parseLeadingOptions('grade 6 hindi\nThe water cycle.\n\nRain falls.')).toEqual({ grade: 6, language: 'hi', rest: 'The water cycle.\n\nRain falls.' });
  });

  it('never takes a document\'s own words for options', () => {
    expect(parseLeadingOptions('As the sun rises, the air warms.')).toEqual({ rest: 'As the sun rises, the air warms.' });
    expect(parseLeadingOptions('Hi class, read chapter 4 today.')).toEqual({ rest: 'Hi class, read chapter 4 today.' });
    expect(parseLeadingOptions('In 1857 the revolt began.')).toEqual({ rest: 'In 1857 the revolt began.' });
    expect(parseLeadingOptions('Grade 14 students write essays.')).toEqual({ rest: 'Grade 14 students write essays.' });
    // A bare number is a grade only in the slash command's positional form.
    expect(parseLeadingOptions('6 hi the text')).toEqual({ rest: '6 hi the text' });
  });

  it('reads /simplify [grade] [language] [text] positionally', () => {
    expect(parseLeadingOptions('7 hi Photosynthesis is how plants eat.', { positional: true })).toEqual({ grade: 7, language: 'hi', rest: 'Photosynthesis is how plants eat.' });
    expect(parseLeadingOptions('12 The cell is the unit of life.', { positional: true })).toEqual({ grade: 12, rest: 'The cell is the unit of life.' });
    expect(parseLeadingOptions('1857 was a year of revolt.', { positional: true })).toEqual({ rest: '1857 was a year of revolt.' });
  });
});
