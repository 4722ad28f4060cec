import { describe, expect, it } from 'vitest';
import { TextValidator } from '../../src/validate/text-validator.js';

const validator = new TextValidator();
const SOURCE = 'They used seals carved with animals and a script that scholars have still not been able to read.';
const request = (output: string, language = 'en') => ({ source: SOURCE, sourceLanguage: language, output, outputLanguage: language, grade: 5, translated: false });

describe('fragments check', () => {
  it('fails an output that split off a piece without a main verb', () => {
    const report = validator.validate(request('They used seals carved with animals. A script that scholars have still not been able to read.'));
    const check = report.checks.find((c) => c.name === 'fragments')!;
    expect(check.passed).toBe(false);
    expect(report.passed).toBe(false);
  });

  it('passes the same sentence kept whole, and passes other languages as not checked', () => {
    expect(validator.validate(request(SOURCE)).checks.find((c) => c.name === 'fragments')!.passed).toBe(true);
    expect(validator.validate({ ...request('कुछ'), sourceLanguage: 'hi', outputLanguage: 'hi' }).checks.find((c) => c.name === 'fragments')!.passed).toBe(true);
  });
});
