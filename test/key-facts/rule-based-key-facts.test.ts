import { describe, expect, it } from 'vitest';
import { CIRCULARS } from '../../scripts/fixtures/circulars.js';
import { SAMPLE_TEXTS } from '../../scripts/fixtures/page-photo.js';
import { renderKeyFacts, spokenKeyFacts } from '../../src/core/key-facts.js';
import { groundedFacts } from '../../src/key-facts/grounded-facts.js';
import { RuleBasedKeyFacts } from '../../src/key-facts/rule-based-key-facts.js';

const finder = new RuleBasedKeyFacts();

describe('RuleBasedKeyFacts on the circular fixtures', () => {
  it.each(CIRCULARS.map((c) => [c.id, c] as const))('%s: lists every date, time, place, item and amount, and only text of the source', async (_id, circular) => {
    const found = await finder.find({ text: circular.text, language: circular.language });
    expect(found).not.toBeNull();
    const block = renderKeyFacts(found!, circular.language);
    expect(circular.facts.filter((fact) => !block.includes(fact)), 'facts missing from the block').toEqual([]);
    const squashed = circular.text.replace(/\s+/gu, ' ');
    expect(found!.facts.filter((fact) => !squashed.includes(fact.text)), 'facts not in the source').toEqual([]);
  });

  it('opens with a heading in the reply language and reads the same facts aloud', async () => {
    const circular = CIRCULARS.find((c) => c.id === 'hi-sports-day')!;
    const found = (await finder.find({ text: circular.text, language: 'hi' }))!;
    expect(renderKeyFacts(found, 'hi').split('\n')[0]).toBe('📌 आपको क्या करना है');
    expect(renderKeyFacts(found, 'hi')).toContain('• साथ लाएँ: पानी की बोतल, टोपी और पहचान पत्र');
    const spoken = spokenKeyFacts(found, 'hi');
    expect(spoken).not.toMatch(/[📌•]/u);
    expect(spoken).toContain('₹150');
  });

  it('gives a textbook page no block', async () => {
    for (const language of ['en', 'hi', 'ta']) expect(await finder.find({ text: SAMPLE_TEXTS[language]!, language }), language).toBeNull();
    const history = 'On 15 August 1947 India became independent. Jawaharlal Nehru became the first Prime Minister. The Constitution came into force on 26 January 1950.';
    expect(await finder.find({ text: history, language: 'en' })).toBeNull();
  });
});

describe('groundedFacts', () => {
  it('drops a fact with a number the source does not have, in any digit system', () => {
    const source = 'Pay ₹150 by १० दिसंबर.';
    const kept = groundedFacts([
      { kind: 'pay', text: '₹150' },
      { kind: 'pay', text: '₹1500' },
      { kind: 'deadline', text: '10 दिसंबर' },
      { kind: 'deadline', text: '11 दिसंबर' },
    ], source);
    expect(kept.map((f) => f.text)).toEqual(['₹150', '10 दिसंबर']);
  });
});
