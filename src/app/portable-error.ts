import { BusyError, DisposedError, InputRefusedError, StageError, TranslationFailedError } from '../core/errors.js';
import type { PathAttempt } from '../core/ports.js';
import { PathDeclinedError } from '../resilience/path-declined-error.js';
import { BackendTimeoutError, CircuitOpenError } from '../resilience/policy-errors.js';

/**
 * An error as plain data, so it can cross a thread boundary. Structured cloning keeps only an
 * Error's name, message and stack: `kind`, `code` and `params` would be lost, and with them the
 * guards (isInputRefused, isBusyError...) that callers use to answer the user.
 */
export interface PortableError {
  name: string;
  message: string;
  stack?: string;
  /** The error's own data fields (kind, code, params, stage, attempts...), JSON-safe values only. */
  fields: Record<string, unknown>;
  cause?: PortableError;
}

const MAX_CAUSE_DEPTH = 4;

/** Any thrown value as plain data. Functions, symbols and cycles are dropped, never thrown over. */
export function toPortableError(err: unknown, depth = 0): PortableError {
  if (!(err instanceof Error) && !isErrorLike(err)) {
    return { name: 'Error', message: describeThrown(err), fields: {} };
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    if (key === 'cause' || key === 'stack' || key === 'message' || key === 'name') continue;
    const plain = plainData(value);
    if (plain !== undefined) fields[key] = plain;
  }
  // `kind` is a class field on our errors (own and enumerable), but keep it even if a subclass hides it.
  const kind = (err as { kind?: unknown }).kind;
  if (typeof kind === 'string') fields.kind = kind;
  const cause = (err as { cause?: unknown }).cause;
  return {
    name: String(err.name),
    message: String(err.message),
    ...(typeof err.stack === 'string' ? { stack: err.stack } : {}),
    fields,
    ...(cause !== undefined && depth < MAX_CAUSE_DEPTH ? { cause: toPortableError(cause, depth + 1) } : {}),
  };
}

/**
 * The error again, as an instance of its own class where the project has one (so `instanceof`
 * works too), else an Error carrying the same name and fields. The guards only read `kind`, so a
 * kind this file does not know still passes its guard.
 */
export function fromPortableError(portable: PortableError): Error {
  const f = portable.fields;
  const err = revive(portable);
  Object.assign(err, Object.fromEntries(Object.entries(f).filter(([key]) => !(key in err))));
  if (portable.stack) err.stack = portable.stack;
  if (portable.cause) Object.defineProperty(err, 'cause', { value: fromPortableError(portable.cause), enumerable: false, writable: true, configurable: true });
  return err;
}

function revive(portable: PortableError): Error {
  const f = portable.fields;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (f.kind) {
    case 'input-refused':
      return new InputRefusedError(text(f.code) as InputRefusedError['code'], portable.message, isRecord(f.params) ? (f.params as Record<string, string | number>) : {});
    case 'busy':
      return new BusyError(portable.message, typeof f.retryAfterSec === 'number' ? f.retryAfterSec : undefined);
    case 'stage-error':
      return new StageError(text(f.stage), portable.message, f.isRetryable === true);
    case 'disposed':
      return withMessage(new DisposedError('resource'), portable.message);
    case 'path-declined':
      return new PathDeclinedError(portable.message, Array.isArray(f.attempts) ? (f.attempts as PathAttempt[]) : []);
    case 'circuit-open':
      return new CircuitOpenError(text(f.backend));
    case 'translation-failed':
      return new TranslationFailedError(portable.message);
    case 'backend-timeout':
      return withMessage(new BackendTimeoutError(text(f.backend), typeof f.timeoutMs === 'number' ? f.timeoutMs : 0), portable.message);
  }
  // Aborts: callers test the name (isAbortError), and AbortSignal reasons are DOMExceptions.
  if (portable.name === 'AbortError' || portable.name === 'TimeoutError') return new DOMException(portable.message, portable.name);
  const err = new Error(portable.message);
  err.name = portable.name;
  return err;
}

function withMessage<E extends Error>(err: E, message: string): E {
  err.message = message;
  return err;
}

function isErrorLike(value: unknown): value is { name: unknown; message: unknown; stack?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && 'name' in value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeThrown(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** JSON-safe copy of a field, or undefined when it has none (functions, symbols, cycles, class instances with methods). */
function plainData(value: unknown): unknown {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  } catch {
    return undefined;
  }
}
