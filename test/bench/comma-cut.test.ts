import { describe, expect, it } from 'vitest';
import { cutAfterFirstComma } from '../../scripts/bench/comma-cut.js';

describe('the first-comma cut of the SARI what-if', () => {
  const line = 'The old fort stands on the hill, built by Raja Man Singh in 1592.';

  it('drops everything after the first comma unless the tail holds what it is told to spare', () => {
    expect(cutAfterFirstComma(line, 'nothing')).toBe('The old fort stands on the hill.');
    expect(cutAfterFirstComma(line, 'numbers')).toBe(line);
    expect(cutAfterFirstComma('The old fort stands on the hill, built by Raja Man Singh.', 'numbers')).toBe('The old fort stands on the hill.');
    expect(cutAfterFirstComma('The old fort stands on the hill, built by Raja Man Singh.', 'numbers-and-names')).toBe('The old fort stands on the hill, built by Raja Man Singh.');
  });

  it('never cuts a negation away, nor after fewer than four words', () => {
    expect(cutAfterFirstComma('The fort stands on the hill, but it was never finished.', 'nothing')).toBe('The fort stands on the hill, but it was never finished.');
    expect(cutAfterFirstComma('In 1592, the fort was built.', 'nothing')).toBe('In 1592, the fort was built.');
  });
});
