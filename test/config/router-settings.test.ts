import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/load-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('tier router settings are checked at start-up', () => {
  it('accepts the defaults and well-ordered tables', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ ROUTER_THRESHOLDS: '0.25,0.5', ROUTER_TOKEN_WEIGHTS: '<256:0.1,<1024:0.2,*:0.3', ROUTER_GRADE_WEIGHTS: '<8:0.05,<=8:0.1,*:0.2' })).toEqual([]);
  });

  it('refuses thresholds that do not increase, saying which tier could never be chosen', () => {
    for (const value of ['0.6,0.3', '0.4,0.4']) {
      const [problem, ...more] = problemsOf({ ROUTER_THRESHOLDS: value });
      expect(more).toEqual([]);
      expect(problem).toContain('ROUTER_THRESHOLDS');
      expect(problem).toContain('MEDIUM');
      expect(problem).toMatch(/must be below/);
    }
  });

  it('refuses bands out of order, naming the band that could never apply', () => {
    const [tokens] = problemsOf({ ROUTER_TOKEN_WEIGHTS: '<2048:0.25,<512:0.1,*:0.4' });
    expect(tokens).toContain('ROUTER_TOKEN_WEIGHTS');
    expect(tokens).toContain('"<512" comes after "<2048"');
    const [grades] = problemsOf({ ROUTER_GRADE_WEIGHTS: '<=10:0.15,<=8:0.05,*:0.2' });
    expect(grades).toContain('ROUTER_GRADE_WEIGHTS');
    expect(grades).toContain('"<=8" comes after "<=10"');
    // "<=8" already covers everything "<8" would: the second band could never apply.
    expect(problemsOf({ ROUTER_GRADE_WEIGHTS: '<=8:0.05,<8:0.1,*:0.2' })).toHaveLength(1);
  });
});
