export interface RefreshedEveryOptions {
  /** How long one look is reused, in ms. */
  refreshMs: number;
  /** Clock, in ms. Defaults to Date.now. */
  now?: () => number;
}

/**
 * Wraps a look that is too slow for every request (listing the models directory) so that calls
 * within refreshMs share one look, and a change another process makes is seen within refreshMs.
 * A look that fails is not kept: the next call looks again.
 */
export function refreshedEvery<T>(look: () => Promise<T>, options: RefreshedEveryOptions): () => Promise<T> {
  const now = options.now ?? Date.now;
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    const at = now();
    if (!last || at - last.at >= options.refreshMs) {
      const current = { at, value: look() };
      last = current;
      // Only this look is forgotten: a newer one that started meanwhile stays.
      current.value.catch(() => {
        if (last === current) last = null;
      });
    }
    return last.value;
  };
}
