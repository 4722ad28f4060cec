/** p50, p95 and max of one phase, in milliseconds, over the samples kept. */
export interface PhaseSummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * Durations of the phases of a request (signature check, parse, job stored...), the last
 * `keep` of each, so /healthz and the benchmarks can say where a webhook's time goes. Cheap:
 * a few numbers per request, no user data.
 */
export class PhaseTimings {
  private readonly samples = new Map<string, number[]>();

  constructor(private readonly keep = 500) {}

  record(phase: string, ms: number): void {
    let list = this.samples.get(phase);
    if (!list) this.samples.set(phase, (list = []));
    list.push(ms);
    if (list.length > this.keep) list.shift();
  }

  /** Times `work` (sync or async) as `phase`, whether it succeeds or throws. */
  time<T>(phase: string, work: () => T): T {
    const started = performance.now();
    let result: T;
    try {
      result = work();
    } catch (err) {
      this.record(phase, performance.now() - started);
      throw err;
    }
    if (result instanceof Promise) {
      return result.finally(() => this.record(phase, performance.now() - started)) as T;
    }
    this.record(phase, performance.now() - started);
    return result;
  }

  summary(): Record<string, PhaseSummary> {
    const out: Record<string, PhaseSummary> = {};
    for (const [phase, list] of this.samples) {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
      out[phase] = { count: sorted.length, p50: at(50), p95: at(95), max: round(sorted.at(-1)!) };
    }
    return out;
  }

  clear(): void {
    this.samples.clear();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
