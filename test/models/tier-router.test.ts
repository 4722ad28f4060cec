import { describe, expect, it } from 'vitest';
import { estimateTokens, TierRouter, type TierAvailability } from '../../src/models/tier-router.js';
import { routerOptions } from '../../src/models/create-model-services.js';
import { loadConfig } from '../../src/app/load-config.js';
import type { Tier } from '../../src/models/tiers.js';

const all: (tier: Tier) => TierAvailability = (tier) => ({ installed: true, fits: true, model: `m-${tier.toLowerCase()}` });

describe('TierRouter scoring (the seed table)', () => {
  const router = new TierRouter();
  // tokens: <512 0.1, <2048 0.25, else 0.4; grade: <=8 0.05, <=10 0.15, else 0.2;
  // subject: technical 0.2, else 0.1; +0.1 when translating; <0.3 SMALL, <0.6 MEDIUM, else LARGE.
  const cases: Array<{ tokens: number; grade: number; subject?: string; translates: boolean; score: number; tier: Tier }> = [
    { tokens: 100, grade: 5, translates: false, score: 0.25, tier: 'SMALL' },
    { tokens: 511, grade: 8, subject: 'history', translates: false, score: 0.25, tier: 'SMALL' },
    { tokens: 512, grade: 5, translates: false, score: 0.4, tier: 'MEDIUM' },
    { tokens: 100, grade: 5, subject: 'Physics', translates: false, score: 0.35, tier: 'MEDIUM' },
    { tokens: 100, grade: 9, translates: false, score: 0.35, tier: 'MEDIUM' },
    { tokens: 100, grade: 5, translates: true, score: 0.35, tier: 'MEDIUM' },
    { tokens: 100, grade: 11, subject: 'chemistry', translates: false, score: 0.5, tier: 'MEDIUM' },
    { tokens: 2047, grade: 10, subject: 'science', translates: false, score: 0.6, tier: 'LARGE' },
    { tokens: 2048, grade: 5, translates: false, score: 0.55, tier: 'MEDIUM' },
    { tokens: 2048, grade: 5, translates: true, score: 0.65, tier: 'LARGE' },
    { tokens: 5000, grade: 12, subject: 'biology', translates: true, score: 0.9, tier: 'LARGE' },
    { tokens: 0, grade: 1, translates: true, score: 0.35, tier: 'MEDIUM' },
  ];
  for (const c of cases) {
    it(`${c.tokens} tokens, grade ${c.grade}, ${c.subject ?? 'no subject'}${c.translates ? ', translating' : ''} -> ${c.score} ${c.tier}`, () => {
      const result = router.score(c);
      expect(result.score).toBeCloseTo(c.score, 10);
      expect(result.tier).toBe(c.tier);
      expect(result.reasons.at(-1)).toContain(c.tier);
    });
  }

  it('explains every term of the score', () => {
    const decision = router.route({ tokens: 3000, grade: 9, subject: 'physics', translates: true }, all);
    expect(decision.reasons.join('\n')).toMatch(/~3000 tokens.*\+0\.4[\s\S]*grade 9.*\+0\.15[\s\S]*"physics" is technical: \+0\.2[\s\S]*also translates: \+0\.1[\s\S]*score 0\.85 >= 0\.6: LARGE/u);
    expect(decision).toMatchObject({ tier: 'LARGE', model: 'm-large' });
    expect(decision.requestedTier).toBeUndefined();
  });

  it('takes thresholds and weights from the configuration', () => {
    const config = loadConfig({ ROUTER_THRESHOLDS: '0.2,0.3', ROUTER_TOKEN_WEIGHTS: '<100:0,*:0.5', ROUTER_SUBJECT_WEIGHTS: 'technical:0.3,*:0', ROUTER_TECHNICAL_SUBJECTS: 'history' });
    const custom = new TierRouter(routerOptions(config));
    expect(custom.score({ tokens: 50, grade: 5, subject: 'history', translates: false })).toMatchObject({ score: 0.35, tier: 'LARGE' });
    expect(custom.score({ tokens: 50, grade: 5, subject: 'physics', translates: false })).toMatchObject({ score: 0.05, tier: 'SMALL' });
    expect(new TierRouter(routerOptions(loadConfig({}))).score({ tokens: 2047, grade: 10, subject: 'science', translates: false })).toMatchObject({ score: 0.6, tier: 'LARGE' });
  });
});

describe('TierRouter memory and installation awareness', () => {
  const router = new TierRouter();
  const large = { tokens: 5000, grade: 12, subject: 'physics', translates: true };

  it('steps down to the nearest tier that fits when the chosen one does not, and says so', () => {
    const decision = router.route(large, (tier) => (tier === 'LARGE' ? { installed: true, fits: false, model: 'big' } : { installed: true, fits: true, model: `m-${tier}` }));
    expect(decision).toMatchObject({ tier: 'MEDIUM', requestedTier: 'LARGE', model: 'm-MEDIUM' });
    expect(decision.reasons.join('\n')).toContain('LARGE: model big does not fit the memory budget');
    expect(decision.reasons.join('\n')).toContain('stepped down to MEDIUM');
  });

  it('steps up when the chosen tier has no model installed', () => {
    const decision = router.route({ tokens: 10, grade: 3, translates: false }, (tier) => (tier === 'SMALL' ? { installed: false, fits: false } : { installed: true, fits: true, model: `m-${tier}` }));
    expect(decision).toMatchObject({ tier: 'MEDIUM', requestedTier: 'SMALL', model: 'm-MEDIUM' });
    expect(decision.reasons.join('\n')).toMatch(/SMALL: no model installed[\s\S]*stepped up to MEDIUM/u);
  });

  it('prefers the smaller neighbour on a tie and reaches two tiers away when it must', () => {
    const medium = { tokens: 100, grade: 9, translates: false };
    expect(router.route(medium, (tier) => (tier === 'MEDIUM' ? { installed: false, fits: false } : { installed: true, fits: true, model: tier }))).toMatchObject({ tier: 'SMALL', requestedTier: 'MEDIUM' });
    expect(router.route(large, (tier) => (tier === 'SMALL' ? { installed: true, fits: true, model: 's' } : { installed: false, fits: false }))).toMatchObject({ tier: 'SMALL', requestedTier: 'LARGE', model: 's' });
  });

  it('returns no model when nothing can serve', () => {
    const decision = router.route(large, () => ({ installed: false, fits: false }));
    expect(decision.model).toBeNull();
    expect(decision.reasons.at(-1)).toContain('no tier can serve');
  });
});

describe('estimateTokens', () => {
  it('counts about 4 characters a token in English and 2 in Indic scripts', () => {
    expect(estimateTokens('a'.repeat(400))).toBe(100);
    expect(estimateTokens('क'.repeat(400))).toBe(200);
    expect(estimateTokens('')).toBe(0);
  });
});
