import type { SpeechModelHandle, SpeechModelResource } from './speech-model-lender.js';

/**
 * Timeout, circuit breaker and bulkhead around the calls of one speech model, as the service's
 * BackendPolicy (src/resilience/backend-policy.ts) provides them; declared here by shape so the
 * speech backends import nothing from the resilience layer.
 */
export interface SpeechCallPolicy {
  /** Why a call would be refused without reaching the model (circuit open, busy), or null. */
  skipReason(): string | null;
  /** Runs fn under the policy; fn passes the signal it gets to the model, whose process ends on abort. */
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** The policy for each installed model, by its id and kind. */
export type SpeechModelGuard = (model: { id: string; kind: 'recognizer' | 'voice' }) => SpeechCallPolicy;

/** No policy: calls run as they are (each model process still has its own 300 s backstop). */
export const unguarded: SpeechModelGuard = () => ({
  skipReason: () => null,
  execute: (fn, signal) => fn(signal ?? new AbortController().signal),
});

/** The resource with its load run under the policy, so a model that cannot start counts against its breaker. */
export function guardedResource<H extends SpeechModelHandle>(resource: SpeechModelResource<H>, policy: SpeechCallPolicy): SpeechModelResource<H> {
  return { id: resource.id, bytes: resource.bytes, load: (signal) => policy.execute((timed) => resource.load(timed), signal) };
}
