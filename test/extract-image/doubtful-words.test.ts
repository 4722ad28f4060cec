import { describe, expect, it } from 'vitest';
import { digitSystems, doubtOf, isWellFormedNumber, pickReading, scriptDigits } from '../../src/extract/ocr/doubtful-words.js';

const word = (text: string, confidence: number, symbols: number[] = []) => ({ text, confidence, symbols: symbols.map((c, i) => ({ text: [...text][i] ?? '', confidence: c })) });
const HINDI_LINE = 'विद्यालय का वार्षिक खेल दिवस 5 नवंबर को सुबह 8 बजे से दोपहर | बजे तक gm सभी छात्र';

describe('which words are read again', () => {
  it('reads every ASCII number again on an Indian-script page, and lone strokes read unsurely', () => {
    expect(doubtOf(word('869', 0, [14, 99, 99]), 'Devanagari', HINDI_LINE)).toBe('ascii-number');
    expect(doubtOf(word('8', 96, [99]), 'Devanagari', HINDI_LINE)).toBe('ascii-number');
    expect(doubtOf(word('|', 0), 'Devanagari', HINDI_LINE)).toBe('ascii-number');
    // A danda read confidently is a danda.
    expect(doubtOf(word('।', 98), 'Devanagari', HINDI_LINE)).toBeNull();
  });

  it('reads stray Latin words again inside a line of the script, but not English words read surely', () => {
    expect(doubtOf(word('gm', 66), 'Devanagari', HINDI_LINE)).toBe('doubtful-word');
    expect(doubtOf(word('WhatsApp', 93), 'Devanagari', HINDI_LINE)).toBeNull();
    expect(doubtOf(word('photosynthesis', 50), 'Devanagari', 'In English photosynthesis is a long word')).toBeNull();
  });

  it('reads the script digits again only when unsure, and leaves Latin pages alone', () => {
    expect(doubtOf(word('१५', 96, [99, 99]), 'Devanagari', HINDI_LINE)).toBeNull();
    expect(doubtOf(word('۱۲۱', 45), 'Arabic', 'امتحان ۱۵ دسمبر کو ہوگا')).toBe('script-number');
    expect(doubtOf(word('5', 0), 'Latin', 'on 5 November')).toBeNull();
  });
});

describe('which reading is kept', () => {
  it('takes the digit reading that found the lost 1 and keeps a sure page reading', () => {
    expect(pickReading('ascii-number', { text: '869', confidence: 0 }, { text: '1869', confidence: 96 }, 'Devanagari').text).toBe('1869');
    expect(pickReading('ascii-number', { text: '|', confidence: 0 }, { text: '1', confidence: 96 }, 'Devanagari').text).toBe('1');
    expect(pickReading('ascii-number', { text: 'T,250', confidence: 0 }, { text: '₹1,250', confidence: 96 }, 'Devanagari').text).toBe('₹1,250');
    expect(pickReading('ascii-number', { text: '8', confidence: 96 }, { text: '8,', confidence: 48 }, 'Devanagari').text).toBe('8');
  });

  it('never takes a malformed number or a second reading with Latin or noise in it', () => {
    expect(pickReading('ascii-number', { text: '5', confidence: 0 }, { text: '1,250۴', confidence: 90 }, 'Devanagari').text).toBe('5');
    expect(pickReading('ascii-number', { text: '5', confidence: 0 }, { text: '15-', confidence: 90 }, 'Devanagari').text).toBe('5');
    expect(pickReading('doubtful-word', { text: 'gm', confidence: 66 }, { text: 'होगा।', confidence: 91 }, 'Devanagari').text).toBe('होगा।');
    expect(pickReading('doubtful-word', { text: 'ہمارا', confidence: 38 }, { text: 'ہمارا!', confidence: 63 }, 'Arabic').text).toBe('ہمارا');
    expect(pickReading('doubtful-word', { text: 'gm', confidence: 66 }, { text: 'ho', confidence: 95 }, 'Devanagari').text).toBe('gm');
  });

  it('knows the digits of each script and numbers mixing two digit systems', () => {
    expect(scriptDigits('Tamil')).toBe('௦௧௨௩௪௫௬௭௮௯');
    expect(isWellFormedNumber('௧௫', scriptDigits('Tamil'))).toBe(true);
    expect(isWellFormedNumber('10:30')).toBe(true);
    expect(digitSystems('1,250۴').size).toBe(2);
    expect(digitSystems('۱۲۰').size).toBe(1);
  });
});

describe('a number merged with the next word', () => {
  it('takes a sure mixed reading holding one number and words of the script, never an unsure digit reading', () => {
    expect(pickReading('ascii-number', { text: 'F9', confidence: 0 }, { text: '179', confidence: 26 }, 'Devanagari').text).toBe('F9');
    expect(pickReading('ascii-number', { text: 'F9', confidence: 0 }, { text: '1 बजे', confidence: 92, mixed: true }, 'Devanagari').text).toBe('1 बजे');
    expect(pickReading('ascii-number', { text: 'F9', confidence: 0 }, { text: '1 am', confidence: 92, mixed: true }, 'Devanagari').text).toBe('F9');
  });
});
