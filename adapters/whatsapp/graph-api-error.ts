import { redactSecrets } from '../../src/log/redact-secrets.js';

/**
 * What a Graph API failure means for the caller, decided by Meta's error `code` first (Meta asks
 * integrations to branch on codes, not titles) and the HTTP status second:
 * - rate-limit: wait and try again (130429 throughput, 131056 pair rate, 80007 account, 4 app, HTTP 429);
 * - auth: the access token was refused (190 expired or revoked, HTTP 401); only a person can fix it;
 * - permanent: this request can never succeed (131047 outside the 24-hour window, 131026
 *   undeliverable, 131030 number not on the test allow-list, 100 bad parameter, other 4xx);
 * - transient: Meta's side or the network failed (5xx, 131000, 131016, 1, 2): try again.
 */
export type GraphFailureKind = 'rate-limit' | 'auth' | 'permanent' | 'transient';

const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131056, 613]);
const AUTH_CODES = new Set([190]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004]);

export class GraphApiError extends Error {
  readonly kind = 'graph-api-error' as const;
  readonly failure: GraphFailureKind;
  /**
   * True when the job queue should give up at once rather than retry: read by the queues through
   * isPermanentFailure, so a 131047 is parked with its reason instead of looping.
   */
  readonly permanent: boolean;

  constructor(
    readonly status: number,
    /** Meta's error code (e.g. 131047); null for a network failure or a body without one. */
    readonly code: number | null,
    /** Meta's message and details, or the network error; never the token or a user's text. */
    detail: string,
    /** What the server asked us to wait, when it said (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(code !== null ? `Graph API error ${code} (HTTP ${status}): ${detail}` : `Graph API request failed (HTTP ${status}): ${detail}`);
    this.name = 'GraphApiError';
    this.failure = classify(status, code);
    this.permanent = this.failure === 'permanent';
  }
}

export function isGraphApiError(err: unknown): err is GraphApiError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'graph-api-error';
}

function classify(status: number, code: number | null): GraphFailureKind {
  if (code !== null && RATE_LIMIT_CODES.has(code)) return 'rate-limit';
  if (code !== null && AUTH_CODES.has(code)) return 'auth';
  if (code !== null && TRANSIENT_CODES.has(code)) return 'transient';
  if (status === 429) return 'rate-limit';
  if (status === 401) return 'auth';
  if (status === 0 || status === 408 || status >= 500) return 'transient';
  return 'permanent';
}

/** One line for the logs: the code and Meta's words, with the access token removed. */
export function describeGraphError(err: unknown, token: string): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return redactSecrets(text, [token]).replace(/\s+/g, ' ').slice(0, 500);
}
