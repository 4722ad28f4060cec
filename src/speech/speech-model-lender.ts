/**
 * How the speech backends borrow a loaded model. Structurally the same as the model pool's
 * PoolResource / use() (src/models/model-pool.ts), so the shared, memory-budgeted pool can lend
 * speech models beside the LLMs; without a pool, loadPerCall loads, runs and frees.
 */

/** A loaded speech model: it holds memory until dispose() resolves. */
export interface SpeechModelHandle {
  dispose(): Promise<void>;
}

/** How to load one model, and what it will hold once loaded (estimated before loading). */
export interface SpeechModelResource<H extends SpeechModelHandle> {
  id: string;
  bytes: number;
  load(signal?: AbortSignal): Promise<H>;
}

export type SpeechModelLender = <H extends SpeechModelHandle, T>(resource: SpeechModelResource<H>, fn: (handle: H) => Promise<T>, signal?: AbortSignal) => Promise<T>;

/** No pool: the model is loaded for the call and disposed after it, even when the call throws. */
export const loadPerCall: SpeechModelLender = async (resource, fn, signal) => {
  const handle = await resource.load(signal);
  try {
    return await fn(handle);
  } finally {
    await handle.dispose();
  }
};

/** Why a model can never be loaded (it is bigger than the whole model memory budget), or null when it can. */
export type SpeechFitCheck = (resource: { id: string; bytes: number }) => string | null;

/** No budget (each call loads and frees its model): every model is tried. */
export const noBudget: SpeechFitCheck = () => null;

/** The shared model pool as the speech backends see it (src/models/model-pool.ts's ModelPool fits). */
export interface SharedModelPool {
  use<T>(resource: SpeechModelResource<SpeechModelHandle>, fn: (handle: SpeechModelHandle) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** The pool's fit check, the same one the GGUF models pass: a model bigger than the whole budget is never loaded. */
  overBudget: SpeechFitCheck;
}

/**
 * Lends speech models through the shared pool, so they count against the same memory budget as
 * the LLMs, are evicted least-recently-used first and are disposed the same way. The pool holds
 * any handle with dispose(); the cast only restores the handle type the resource loaded.
 */
export function lendFromPool(pool: SharedModelPool): SpeechModelLender {
  return (resource, fn, signal) => pool.use(resource, (handle) => fn(handle as Parameters<typeof fn>[0]), signal);
}
