import type { BackendInfo, Simplifier, SimplifyRequest, SimplifyResult } from '../core/ports.js';

/**
 * `load` run once, on the first call; every later call gets the same promise. For modules that
 * cost memory once imported (a library's code and data stay resident for the process's life)
 * and that a process may never need: importing them where first used keeps them off its heap.
 * A failed load is not kept: the next call tries again.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };
}

/** A simplifier built on its first call (see loadOnce), e.g. one whose module is imported then. */
export class SimplifierLoadedOnUse implements Simplifier {
  private readonly simplifier: () => Promise<Simplifier>;

  constructor(
    load: () => Promise<Simplifier>,
    /** What the simplifier says it is, known before it is loaded. */
    readonly backend?: BackendInfo,
  ) {
    this.simplifier = loadOnce(load);
  }

  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    return (await this.simplifier()).simplify(request);
  }
}
