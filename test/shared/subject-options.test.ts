import { describe, expect, it } from 'vitest';
import { parseCaptionOptions } from '../../adapters/shared/caption-options.js';
import { parseLeadingOptions } from '../../adapters/shared/leading-options.js';

describe('a subject in a caption', () => {
  it.each([
    ['grade 7 science hindi', { grade: 7, language: 'hi', subject: 'science' }],
    ['कक्षा 7 विज्ञान', { grade: 7, subject: 'science' }],
    ['class 9 maths tamil', { grade: 9, language: 'ta', subject: 'mathematics' }],
    ['grade 8 social science hi', { grade: 8, language: 'hi', subject: 'social science' }],
    ['कक्षा 10 जीव विज्ञान', { grade: 10, subject: 'biology' }],
    ['ইতিহাস class 6', { grade: 6, subject: 'history' }],
    ['please explain this history chapter', { subject: 'history' }],
  ])('reads %j', (caption, expected) => {
    expect(parseCaptionOptions(caption)).toEqual(expected);
  });

  it('lets a bare language code stand beside a subject, not beside other words', () => {
    expect(parseCaptionOptions('grade 5 science ta')).toEqual({ grade: 5, language: 'ta', subject: 'science' });
    expect(parseCaptionOptions('science homework for my son ta')).toEqual({ subject: 'science' });
  });
});

describe('a subject in a mention or command', () => {
  it('is an option next to another option, before or after it', () => {
    expect(parseLeadingOptions('grade 7 science hindi The water cycle.')).toEqual({ grade: 7, language: 'hi', subject: 'science', rest: 'The water cycle.' });
    expect(parseLeadingOptions('science grade 7 Plants make food.')).toEqual({ grade: 7, subject: 'science', rest: 'Plants make food.' });
    expect(parseLeadingOptions('कक्षा 7 विज्ञान')).toEqual({ grade: 7, subject: 'science', rest: '' });
    expect(parseLeadingOptions('7 maths ta Fractions are parts.', { positional: true })).toEqual({ grade: 7, language: 'ta', subject: 'mathematics', rest: 'Fractions are parts.' });
  });

  it('is the text itself when nothing else marks it as an option', () => {
    expect(parseLeadingOptions('Science is the study of the world.')).toEqual({ rest: 'Science is the study of the world.' });
    expect(parseLeadingOptions('History repeats itself.')).toEqual({ rest: 'History repeats itself.' });
  });
});
