import type { PathAttempt } from '../core/ports.js';

/**
 * A path that had nothing to offer for this request (no model installed for the language, or its
 * own inner tries all failed), with the attempts it made inside so the report can show them.
 */
export class PathDeclinedError extends Error {
  readonly kind = 'path-declined' as const;
  constructor(
    reason: string,
    readonly attempts: PathAttempt[] = [],
  ) {
    super(reason);
    this.name = 'PathDeclinedError';
  }
}

export function isPathDeclined(err: unknown): err is PathDeclinedError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'path-declined';
}
