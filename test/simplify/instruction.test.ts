import { describe, expect, it } from 'vitest';
import { isInstruction } from '../../src/simplify/rule-based/instruction.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { tagTokens } from '../../src/simplify/rule-based/tokens.js';

describe('isInstruction', () => {
  it('knows commands, requests and obligations', () => {
    for (const sentence of ['Bring a packed lunch.', 'Please submit the form by Monday.', 'Students must wear black shoes.', 'Parents are requested to attend.', 'You have to sign the diary.', 'Kindly deposit the fee.']) {
      expect(isInstruction(tagTokens(sentence)), sentence).toBe(true);
    }
  });

  it('leaves statements alone', () => {
    for (const sentence of ['Plants need sunlight and water.', 'The heart pumps blood.', 'Water on Earth is always moving.']) {
      expect(isInstruction(tagTokens(sentence)), sentence).toBe(false);
    }
  });
});

describe('the simplifier keeps the detail of an instruction at the youngest grade', () => {
  const simplifier = new RuleBasedSimplifier();
  const simplify = async (text: string) => (await simplifier.simplify({ text, language: 'en', grade: 1 })).text;

  it('keeps what must be brought or worn, while a statement loses its describing words', async () => {
    expect(await simplify('Bring a packed lunch for the educational trip.')).toContain('packed lunch');
    const uniform = await simplify('Students must wear the complete school uniform, including black shoes and white socks.');
    expect(uniform).toContain('black shoes and white socks');
    expect(await simplify('The ancient city was surrounded by a massive stone wall.')).not.toContain('massive');
  });
});
