import { describe, expect, it } from 'vitest';
import type { ValidateRequest } from '../../src/core/ports.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import * as T from './texts.js';

const validator = new TextValidator();

function request(over: Partial<ValidateRequest>): ValidateRequest {
  return { source: T.EN_SOURCE, sourceLanguage: 'en', output: T.EN_SIMPLE, outputLanguage: 'en', grade: 5, translated: false, ...over };
}

function check(req: ValidateRequest, name: string) {
  const report = validator.validate(req);
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check ${name}`);
  return { report, check: found };
}

describe('TextValidator: faithful outputs pass every check', () => {
  const cases: Array<[string, Partial<ValidateRequest>]> = [
    ['English simplification', {}],
    ['Hindi with Devanagari digits simplified to ASCII digits and lakh', { source: T.HI_SOURCE, sourceLanguage: 'hi', output: T.HI_SIMPLE, outputLanguage: 'hi' }],
    ['Tamil with Tamil digits', { source: T.TA_SOURCE, sourceLanguage: 'ta', output: T.TA_SIMPLE, outputLanguage: 'ta' }],
    ['Urdu with Extended Arabic-Indic digits', { source: T.UR_SOURCE, sourceLanguage: 'ur', output: T.UR_SIMPLE, outputLanguage: 'ur' }],
    ['English translated to Hindi', { output: T.HI_TRANSLATION, outputLanguage: 'hi', translated: true }],
  ];
  it.each(cases)('%s', (_label, over) => {
    const report = validator.validate(request(over));
    expect(report.checks.map((c) => c.name)).toEqual(['not-empty', 'script', 'reading-level', 'numbers-kept', 'names-kept', 'length-ratio', 'fragments']);
    for (const c of report.checks) {
      expect(c, c.detail).toMatchObject({ passed: true });
      expect(c.score).toBeGreaterThan(0.5);
      expect(c.score).toBeLessThanOrEqual(1);
    }
    expect(report.passed).toBe(true);
  });
});

describe('TextValidator: each check fails on its own fault', () => {
  const cases: Array<[string, string, Partial<ValidateRequest>, RegExp?]> = [
    ['a year changed', 'numbers-kept', { output: T.EN_SIMPLE.replace('1869', '1870') }, /"1869"/],
    ['a Devanagari number changed', 'numbers-kept', { source: T.HI_SOURCE, sourceLanguage: 'hi', output: T.HI_SIMPLE.replace('390', '309'), outputLanguage: 'hi' }, /"390"/],
    ['an Indian-grouped number dropped', 'numbers-kept', { output: T.EN_SIMPLE.replace('About 1.5 lakh people watched. ', '') }, /1,50,000/],
    ['an Urdu number changed', 'numbers-kept', { source: T.UR_SOURCE, sourceLanguage: 'ur', output: T.UR_SIMPLE.replace('71', '17'), outputLanguage: 'ur' }, /"71"/],
    ['a Tamil-digit year changed', 'numbers-kept', { source: T.TA_SOURCE, sourceLanguage: 'ta', output: T.TA_SIMPLE.replace('1969', '1996'), outputLanguage: 'ta' }, /"1969"/],
    [
      'a place dropped',
      'names-kept',
      { source: 'Rahul and Priya visited the Red Fort in Delhi with their teacher.', output: 'Rahul and Priya went to Delhi with their teacher.' },
      /"Red Fort"/,
    ],
    ['an acronym dropped from Hindi', 'names-kept', { source: T.HI_SOURCE, sourceLanguage: 'hi', output: T.HI_SIMPLE.replace('NCERT', 'सरकारी'), outputLanguage: 'hi' }, /"NCERT"/],
    ['an acronym dropped in translation', 'names-kept', { output: T.HI_TRANSLATION.replace('NCERT', 'सरकारी'), outputLanguage: 'hi', translated: true }, /"NCERT"/],
    ['English where Hindi was asked for', 'script', { source: T.HI_SOURCE, sourceLanguage: 'hi', output: T.EN_SIMPLE, outputLanguage: 'hi' }],
    ['Devanagari where Urdu was asked for', 'script', { source: T.UR_SOURCE, sourceLanguage: 'ur', output: T.HI_PLAIN, outputLanguage: 'ur' }],
    ['empty output', 'not-empty', { output: '' }],
    ['punctuation-only output', 'not-empty', { output: ' … ।। -- ' }],
    ['output five times the source', 'length-ratio', { output: Array(5).fill(T.EN_SIMPLE).join(' ') }],
    ['output a sliver of the source', 'length-ratio', { source: Array(6).fill(T.EN_SOURCE).join('\n\n'), output: 'Gandhi was born in 1869.' }],
    ['complex English for grade 2', 'reading-level', { output: T.EN_COMPLEX, grade: 2 }],
    ['senior textbook English for grade 6', 'reading-level', { output: T.EN_SENIOR, grade: 6 }],
    ['complex Hindi for grade 2', 'reading-level', { source: T.HI_COMPLEX, sourceLanguage: 'hi', output: T.HI_COMPLEX, outputLanguage: 'hi', grade: 2 }],
    ['complex Tamil for grade 3', 'reading-level', { source: T.TA_COMPLEX, sourceLanguage: 'ta', output: T.TA_COMPLEX, outputLanguage: 'ta', grade: 3 }],
  ];
  it.each(cases)('%s fails %s', (_label, name, over, detail) => {
    const { report, check: c } = check(request(over), name);
    expect(c.passed, c.detail).toBe(false);
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThan(1);
    if (detail) expect(c.detail).toMatch(detail);
    expect(report.passed).toBe(false);
  });
});

describe('TextValidator: the same texts pass where the fault is absent', () => {
  it.each([
    ['plain English for grade 2', 'reading-level', { output: T.EN_PLAIN, grade: 2 }],
    ['senior textbook English for grade 12', 'reading-level', { output: T.EN_SENIOR, grade: 12 }],
    ['plain Hindi for grade 2', 'reading-level', { source: T.HI_PLAIN, sourceLanguage: 'hi', output: T.HI_PLAIN, outputLanguage: 'hi', grade: 2 }],
    ['a number written as an English word', 'numbers-kept', { source: '25 students sat in 3 rows.', output: 'Twenty-five students sat in three rows.' }],
    ['a number written as a Hindi word', 'numbers-kept', { source: 'भारत में 3 बड़ी नदियाँ हैं।', sourceLanguage: 'hi', output: 'भारत में तीन बड़ी नदियाँ हैं।', outputLanguage: 'hi' }],
    ['lakh for Western grouping', 'numbers-kept', { source: 'The city has 250,000 trees.', output: 'The city has 2.5 lakh trees.' }],
    ['a surname for a full name', 'names-kept', { source: 'Jawaharlal Nehru wrote many letters.', output: 'Nehru wrote many letters.' }],
    ['a transliterated name in translation', 'names-kept', { source: 'Gandhi walked to Dandi.', output: 'गांधी दांडी तक पैदल गए।', outputLanguage: 'hi', translated: true }],
    ['a Latin acronym inside Urdu', 'script', { source: T.UR_SOURCE, sourceLanguage: 'ur', output: T.UR_SIMPLE, outputLanguage: 'ur' }],
    ['a translation one third longer', 'length-ratio', { output: T.EN_SIMPLE + ' ' + T.EN_SIMPLE.slice(0, 200), translated: true }],
  ] as Array<[string, string, Partial<ValidateRequest>]>)('%s passes %s', (_label, name, over) => {
    const { check: c } = check(request(over), name);
    expect(c.passed, c.detail).toBe(true);
  });
});

describe('TextValidator: details and hostile text', () => {
  it('caps the quoted list in a detail', () => {
    const acronyms = Array.from({ length: 30 }, (_, i) => `AB${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`);
    const source = `यह सूची है: ${acronyms.join(' और ')}।`;
    const { check: c } = check(request({ source, sourceLanguage: 'hi', output: 'यह सूची है।', outputLanguage: 'hi' }), 'names-kept');
    expect(c.passed).toBe(false);
    expect(c.detail).toMatch(/30 of 30 names missing: .* and 25 more$/);
    expect(c.detail.length).toBeLessThan(160);
  });

  it('never echoes a long token whole', () => {
    const long = `Z${'a'.repeat(500)}`;
    const { check: c } = check(request({ source: `The word ${long} is here.`, output: 'The word is here.' }), 'names-kept');
    expect(c.passed).toBe(false);
    expect(c.detail.length).toBeLessThan(120);
  });

  it('finds names by the token rules alone when the text is past the NLP limit', () => {
    const tokenOnly = new TextValidator({ nlpMaxChars: 0 });
    const source = 'Rahul and Priya visited the Red Fort in Delhi with their teacher.';
    const kept = tokenOnly.validate(request({ source, output: 'Rahul and Priya went to the Red Fort in Delhi.' }));
    const dropped = tokenOnly.validate(request({ source, output: 'Rahul and Priya went to Delhi.' }));
    expect(kept.checks.find((c) => c.name === 'names-kept')?.passed).toBe(true);
    const names = dropped.checks.find((c) => c.name === 'names-kept')!;
    expect(names.passed).toBe(false);
    expect(names.detail).toContain('"Red Fort"');
  });

  it('handles odd and long text without throwing', () => {
    const odd = ['\ud800\u0000abc', '1,'.repeat(8_000), 'A '.repeat(8_000) + 'क', '۱۲۳٫۴۵ ௧௨ ൧൨ 12,34,567.890'];
    for (const text of odd) {
      for (const lang of ['en', 'hi', 'ur', 'xx']) {
        const report = validator.validate(request({ source: text, sourceLanguage: lang, output: text.slice(0, text.length / 2), outputLanguage: lang, grade: Number.NaN }));
        expect(report.checks).toHaveLength(7);
        for (const c of report.checks) expect(c.score).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
