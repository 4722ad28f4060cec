import { describe, expect, it } from 'vitest';
import { assemblePageText, type PositionedText } from '../../src/extract/pdf/assemble-page-text.js';

/** A run of 12 pt text at (x, y), about 6 pt per character wide. */
function run(str: string, x: number, y: number, hasEOL = false, size = 12): PositionedText {
  return { str, transform: [size, 0, 0, size, x, y], width: str.length * size * 0.5, height: size, hasEOL };
}

describe('assemblePageText', () => {
  it('joins the lines of a paragraph and keeps a blank line between paragraphs', () => {
    const items = [
      run('Plants make their own food by a', 72, 700, true),
      run('process called photosynthesis.', 72, 686, true),
      run('Animals eat plants or other', 72, 650, true),
      run('animals.', 72, 636, true),
    ];
    expect(assemblePageText(items)).toBe('Plants make their own food by a process called photosynthesis.\n\nAnimals eat plants or other animals.');
  });

  it('rejoins a word hyphenated across a line break, but keeps a hyphen before a capital', () => {
    const items = [
      run('Plants use photo-', 72, 700, true),
      run('synthesis to live in the Indo-', 72, 686, true),
      run('Gangetic plain.', 72, 672, true),
    ];
    expect(assemblePageText(items)).toBe('Plants use photosynthesis to live in the Indo- Gangetic plain.');
  });

  it('ends a line when the baseline jumps even without an end-of-line mark', () => {
    const items = [run('Line one of the first', 72, 700), run('paragraph ends here.', 72, 686), run('A new paragraph.', 72, 640)];
    expect(assemblePageText(items)).toBe('Line one of the first paragraph ends here.\n\nA new paragraph.');
  });

  it('puts a space between runs drawn apart without a space character', () => {
    const items = [run('Water', 72, 700), run('cycle', 72 + 5 * 6 + 4, 700, true)];
    expect(assemblePageText(items)).toBe('Water cycle');
  });

  it('does not split a word drawn as adjacent runs (kerning, font changes)', () => {
    const items = [run('photo', 72, 700), run('synthesis', 72 + 5 * 6, 700, true)];
    expect(assemblePageText(items)).toBe('photosynthesis');
  });

  it('starts a new paragraph where the text jumps up the page (a second column)', () => {
    const items = [
      run('Left column text', 72, 700, true),
      run('continues here.', 72, 686, true),
      run('Right column text.', 320, 700, true),
    ];
    expect(assemblePageText(items)).toBe('Left column text continues here.\n\nRight column text.');
  });

  it('keeps Devanagari lines, collapses runs of spaces and drops empty runs', () => {
    const items = [run('भारत   एक बड़ा', 72, 700), run('', 0, 0, true), run('देश है।', 72, 686, true)];
    expect(assemblePageText(items)).toBe('भारत एक बड़ा देश है।');
  });

  it('returns an empty string for a page without text', () => {
    expect(assemblePageText([])).toBe('');
    expect(assemblePageText([run('  ', 72, 700, true)])).toBe('');
  });
});
