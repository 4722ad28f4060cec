/**
 * One error type for everything a remote API call can go wrong with, so that the retry policy and
 * the fallback chain decide from two fields instead of parsing messages. The message is built by
 * us from the status and the server's error code only: a server's own error text can quote the
 * request (user text) and is never copied in.
 */
export class RemoteApiError extends Error {
  readonly kind = 'remote-api' as const;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** True for 408, 409, 429, 5xx and network failures: the same call may work a moment later. */
  readonly isRetryable: boolean;
  /** How long the server asked us to wait (Retry-After / retry-after-ms), in ms. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: { status?: number; isRetryable: boolean; retryAfterMs?: number }, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RemoteApiError';
    this.status = details.status;
    this.isRetryable = details.isRetryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isRemoteApiError(err: unknown): err is RemoteApiError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'remote-api';
}

/** Statuses worth trying again: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
