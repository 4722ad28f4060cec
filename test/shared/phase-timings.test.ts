import { describe, expect, it } from 'vitest';
import { PhaseTimings } from '../../adapters/shared/phase-timings.js';

describe('PhaseTimings', () => {
  it('keeps the last samples of each phase and reports p50, p95 and max', async () => {
    const timings = new PhaseTimings(100);
    for (let i = 1; i <= 150; i++) timings.record('store', i);
    expect(timings.summary().store).toEqual({ count: 100, p50: 100, p95: 145, max: 150 });
    const value = await timings.time('enqueue', () => new Promise<string>((resolve) => setTimeout(() => resolve('ok'), 20)));
    expect(value).toBe('ok');
    expect(timings.summary().enqueue!.max).toBeGreaterThanOrEqual(15);
    expect(() => timings.time('verify', () => {
      throw new Error('bad');
    })).toThrow('bad');
    expect(timings.summary().verify!.count).toBe(1);
    timings.clear();
    expect(timings.summary()).toEqual({});
  });
});
