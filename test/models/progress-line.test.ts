import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/models/pull/progress-line.js';

function sink() {
  const writes: string[] = [];
  return { writes, out: { write: (t: string) => writes.push(t) } };
}

describe('ProgressLine', () => {
  it('redraws one line in place on a terminal', () => {
    let now = 0;
    const { writes, out } = sink();
    const line = new ProgressLine(out, { tty: true, now: () => now });
    line.update({ received: 0, total: 1e9, resumedFrom: 0, phase: 'download' });
    now = 2000;
    line.update({ received: 5e8, total: 1e9, resumedFrom: 0, phase: 'download' });
    line.finishLine();
    expect(writes[1]).toBe('\r[############............]  50.0% 500 MB / 1 GB 250 MB/s ETA 2s\u001b[K');
    expect(writes.at(-1)).toBe('\n');
  });

  it('prints at most a line a second elsewhere, and always the last one, with where it resumed', () => {
    let now = 0;
    const { writes, out } = sink();
    const line = new ProgressLine(out, { tty: false, now: () => now });
    for (let i = 1; i <= 30; i++) {
      now = i * 100;
      line.update({ received: 400 + i * 20, total: 1000, resumedFrom: 400, phase: 'download' });
    }
    expect(writes.length).toBe(4);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(writes.at(-1)).toMatch(/100\.0% .*\(resumed at 400 B\)/u);
  });
});
