/**
 * The few error kinds the service distinguishes. Each carries a stable `code`; callers test them
 * with the guard functions, not `instanceof`, so copies of this module in other bundles still match.
 */

/** Why an input was refused. Each code has a short message per language in messages.ts. */
export type RefusalCode =
  | 'empty'
  | 'too-large'
  | 'unsupported-type'
  | 'corrupt'
  | 'too-many-pages'
  | 'too-many-pixels'
  | 'zip-bomb'
  | 'text-too-long'
  | 'no-text-found'
  | 'audio-too-long'
  | 'no-speech'
  | 'speech-not-installed'
  | 'encrypted';

/** The user's input cannot be processed; the user can fix it by sending something else. */
export class InputRefusedError extends Error {
  readonly kind = 'input-refused' as const;
  constructor(
    readonly code: RefusalCode,
    /** Developer-facing detail, for logs and the CLI; never contains user text. */
    detail: string,
    /** Values the user-facing message may show (limits, counts). */
    readonly params: Record<string, string | number> = {},
  ) {
    super(detail);
    this.name = 'InputRefusedError';
  }
}

export function isInputRefused(err: unknown): err is InputRefusedError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'input-refused';
}

/** A stage could not do its work for a reason that is ours, not the user's. */
export class StageError extends Error {
  readonly kind = 'stage-error' as const;
  constructor(
    readonly stage: string,
    message: string,
    readonly isRetryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StageError';
  }
}

export function isStageError(err: unknown): err is StageError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'stage-error';
}

/** A resource (model, worker) was used after dispose(). */
export class DisposedError extends Error {
  readonly kind = 'disposed' as const;
  constructor(what: string) {
    super(`${what} was used after it was disposed`);
    this.name = 'DisposedError';
  }
}

export function isDisposedError(err: unknown): err is DisposedError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'disposed';
}

/** The work was cancelled through its AbortSignal (timeout or shutdown). */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && ((err as { name?: unknown }).name === 'AbortError' || (err as { name?: unknown }).name === 'TimeoutError');
}

/**
 * Every path that could do the work is at its limit (a full bulkhead) and no other path can serve:
 * the user gets the short "busy, try again in a minute" reply. Not retried by the job queue: a
 * retry loop is what a full service must not get.
 */
export class BusyError extends Error {
  readonly kind = 'busy' as const;
  readonly code = 'busy' as const;
  constructor(
    /** Developer-facing detail (which backends were full); never contains user text. */
    detail: string,
    /** Seconds after which trying again is likely to work. */
    readonly retryAfterSec = 60,
  ) {
    super(detail);
    this.name = 'BusyError';
  }
}

export function isBusyError(err: unknown): err is BusyError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'busy';
}

/**
 * Every translation path that could have served was tried and failed (an error, a timeout, an
 * answer that failed validation, a breaker open after such failures): unlike "no model or API for
 * this language", trying again later may work. The job goes on with the untranslated text.
 */
export class TranslationFailedError extends Error {
  readonly kind = 'translation-failed' as const;
  constructor(
    /** Developer-facing detail (which paths failed and why); never contains user text. */
    detail: string,
  ) {
    super(detail);
    this.name = 'TranslationFailedError';
  }
}

export function isTranslationFailed(err: unknown): err is TranslationFailedError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'translation-failed';
}

/**
 * A failure that trying again cannot fix, such as a platform that will not deliver to this user
 * (WhatsApp's 131047, outside the 24-hour window): the job queue parks the job with its reason at
 * once instead of retrying. Marked by shape (`permanent: true`), so any adapter's error can say so.
 */
export function isPermanentFailure(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;
}
