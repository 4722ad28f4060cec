import { describe, expect, it } from 'vitest';
import { extractNumbers } from '../../src/validate/extract-numbers.js';
import { normalizeDigits } from '../../src/validate/normalize-digits.js';

/** Writes an ASCII number string in the digit system whose zero is at `zero`. */
function inDigits(ascii: string, zero: number): string {
  return ascii.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));
}

describe('normalizeDigits', () => {
  it.each([
    ['Devanagari', 0x0966, '१२३४५६७८९०'],
    ['Bengali', 0x09e6, '১২৩৪৫৬৭৮৯০'],
    ['Gurmukhi', 0x0a66, '੧੨੩੪੫੬੭੮੯੦'],
    ['Gujarati', 0x0ae6, '૧૨૩૪૫૬૭૮૯૦'],
    ['Oriya', 0x0b66, '୧୨୩୪୫୬୭୮୯୦'],
    ['Tamil', 0x0be6, '௧௨௩௪௫௬௭௮௯௦'],
    ['Telugu', 0x0c66, '౧౨౩౪౫౬౭౮౯౦'],
    ['Kannada', 0x0ce6, '೧೨೩೪೫೬೭೮೯೦'],
    ['Malayalam', 0x0d66, '൧൨൩൪൫൬൭൮൯൦'],
    ['Arabic-Indic', 0x0660, '١٢٣٤٥٦٧٨٩٠'],
    ['Extended Arabic-Indic', 0x06f0, '۱۲۳۴۵۶۷۸۹۰'],
  ])('%s digits read as ASCII', (_name, zero, written) => {
    expect(inDigits('1234567890', zero)).toBe(written);
    expect(normalizeDigits(`x ${written} y`)).toBe('x 1234567890 y');
  });

  it('reads the Arabic decimal and thousands separators', () => {
    expect(normalizeDigits('٣٬٥٠٠٫٧٥')).toBe('3,500.75');
  });
});

describe('extractNumbers', () => {
  it.each([
    ['Indian grouping', '1,50,000 people', [['150000']]],
    ['Indian grouping in Devanagari', '१,५०,००० लोग', [['150000']]],
    ['Indian crore grouping in Bengali', '১,২১,০৮,৫৪,৯৭৭ জন', [['1210854977']]],
    ['Western grouping', '150,000 people', [['150000']]],
    ['decimals, trailing zero dropped', 'pH 7.50 and ३.१४', [['7.5'], ['3.14']]],
    ['sentence full stop is not a decimal', 'in 1947. Then', [['1947']]],
    ['a comma list is several numbers', 'rows 1,2,3', [['1'], ['2'], ['3']]],
    ['a multiplier word adds the product', '1.5 lakh and २ करोड़ and 3 million', [['1.5', '150000'], ['2', '20000000'], ['3', '3000000']]],
    ['floating point noise is rounded away', '2.3 lakh', [['2.3', '230000']]],
    ['digits inside a formula are not numbers', 'H2O and CO2 but COVID-19', [['19']]],
    ['leading zeros', 'room 007', [['7']]],
  ])('%s', (_label, text, keys) => {
    expect(extractNumbers(text).map((m) => m.keys)).toEqual(keys);
  });
});
