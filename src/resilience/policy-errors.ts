/**
 * The two refusals a backend policy adds to the backend's own errors (a full bulkhead is the core's
 * BusyError). Checked with the guards, like every error kind in the project.
 */

/** The backend's circuit breaker is open: it failed repeatedly and is not called until it recovers. */
export class CircuitOpenError extends Error {
  readonly kind = 'circuit-open' as const;
  constructor(readonly backend: string) {
    super('circuit open');
    this.name = 'CircuitOpenError';
  }
}

export function isCircuitOpenError(err: unknown): err is CircuitOpenError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'circuit-open';
}

/** The call ran past the policy's timeout; its AbortSignal was fired. */
export class BackendTimeoutError extends Error {
  readonly kind = 'backend-timeout' as const;
  constructor(
    readonly backend: string,
    readonly timeoutMs: number,
  ) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'BackendTimeoutError';
  }
}

export function isBackendTimeoutError(err: unknown): err is BackendTimeoutError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'backend-timeout';
}
