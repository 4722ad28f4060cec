import { describe, expect, it } from 'vitest';
import type { JobSteps } from '../../src/core/job.js';
import { recordedStep, withKnownStep } from '../../adapters/shared/job-steps.js';

/** A JobSteps over a plain map, as the step log keeps them. */
function memorySteps(done: Record<string, unknown> = {}): JobSteps & { ran: string[] } {
  const results = new Map(Object.entries(done));
  const ran: string[] = [];
  return {
    ran,
    async once<T>(name: string, fn: () => Promise<T>): Promise<T> {
      if (results.has(name)) return results.get(name) as T;
      ran.push(name);
      const value = await fn();
      results.set(name, value);
      return value;
    },
    completed: () => [...results.keys()],
  };
}

describe('recordedStep', () => {
  it('reads a recorded result and never runs a step that is not done', async () => {
    const steps = memorySteps({ progress: '42' });
    expect(await recordedStep<string>(steps, 'progress')).toBe('42');
    expect(await recordedStep<string>(steps, 'apology')).toBeNull();
    expect(steps.ran).toEqual([]);
    expect(steps.completed()).toEqual(['progress']);
  });
});

describe('withKnownStep', () => {
  it('answers the known step without running it and passes the others through', async () => {
    const steps = memorySteps();
    const known = withKnownStep(steps, 'progress', 'handle-7');
    expect(await known.once('progress', async () => 'sent again')).toBe('handle-7');
    expect(await known.once('text-0', async () => 'sent')).toBe('sent');
    expect(steps.ran).toEqual(['text-0']);
    expect(known.completed().sort()).toEqual(['progress', 'text-0']);
  });
});
