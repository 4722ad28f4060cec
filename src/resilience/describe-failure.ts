import { isBusyError, isDisposedError, isInputRefused, isStageError } from '../core/errors.js';
import { isRemoteApiError } from '../remote/remote-api-error.js';
import { isBackendTimeoutError, isCircuitOpenError } from './policy-errors.js';

/**
 * A short reason for a report or a log: "circuit open", "busy: 1 running, 2 waiting", "timed out
 * after 30000 ms", "HTTP 503 (overloaded)", "network error: ECONNREFUSED". Our own errors carry
 * messages built without user text; anything else is cut to its first line and 160 characters.
 */
export function describeFailure(err: unknown): string {
  if (isCircuitOpenError(err) || isBusyError(err) || isBackendTimeoutError(err) || isRemoteApiError(err) || isDisposedError(err)) return err.message;
  if (isInputRefused(err)) return `refused: ${err.code}`;
  if (isStageError(err)) return `${err.stage} failed: ${firstLine(err.message)}`;
  if (err instanceof Error) return `${err.name === 'Error' ? 'failed' : err.name}: ${firstLine(err.message)}`;
  return 'failed';
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 160);
}
