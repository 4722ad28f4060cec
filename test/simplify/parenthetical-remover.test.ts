import { describe, expect, it } from 'vitest';
import { removeParentheticals } from '../../src/simplify/rule-based/parenthetical-remover.js';

describe('removeParentheticals', () => {
  it('drops bracketed asides and tidies the gap they leave', () => {
    expect(removeParentheticals('Tube sound (or valve sound) is warm.')).toBe('Tube sound is warm.');
    expect(removeParentheticals('The devil (Mephistopheles), he said.')).toBe('The devil, he said.');
    expect(removeParentheticals('A note [citation needed].')).toBe('A note.');
  });

  it('removes nested asides from the inside out', () => {
    expect(removeParentheticals('Gouda (a cheese (from Holland)) is tasty.')).toBe('Gouda is tasty.');
  });

  it('keeps asides that hold a year or a date, but drops unit conversions', () => {
    expect(removeParentheticals('Luis Suárez (born May 2, 1935) is a former footballer.')).toContain('(born May 2, 1935)');
    expect(removeParentheticals('The war (1939–1945) changed Europe.')).toContain('1939–1945');
    // After a measure ("4 years"), a range of years is still a date, not a conversion.
    expect(removeParentheticals('He played 4 years (1985 - 88) for the club.')).toContain('(1985 - 88)');
    expect(removeParentheticals('It weighed 700 kg (1,500 lb).')).toBe('It weighed 700 kg.');
    expect(removeParentheticals('It lies 44 miles (71 km) northeast of Pittsburgh.')).toBe('It lies 44 miles northeast of Pittsburgh.');
    expect(removeParentheticals('Water boils at 100 °C (212 °F).')).toBe('Water boils at 100 °C.');
  });

  it('can drop numeric asides too when asked', () => {
    expect(removeParentheticals('The war (1939–1945) changed Europe.', { keepNumericAsides: false })).toBe('The war changed Europe.');
  });

  it('works on other scripts and never returns empty text', () => {
    expect(removeParentheticals('प्रकाश संश्लेषण (photosynthesis) पौधों में होता है।')).toBe('प्रकाश संश्लेषण पौधों में होता है।');
    expect(removeParentheticals('(only an aside)')).toBe('(only an aside)');
    expect(removeParentheticals('Unbalanced (bracket stays.')).toBe('Unbalanced (bracket stays.');
  });

  it('stays fast on hostile bracket soup', () => {
    const soup = '('.repeat(5000) + 'x' + ')'.repeat(5000) + ' 1 2 3 (4 5 6)'.repeat(2000);
    const started = Date.now();
    const out = removeParentheticals(soup);
    expect(out.length).toBeGreaterThan(0);
    // Generous bound: this guards against quadratic blow-up, not a speed target.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
