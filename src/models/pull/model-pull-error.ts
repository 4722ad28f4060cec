export type PullErrorCode =
  | 'bad-source'
  | 'exists'
  | 'http'
  | 'interrupted'
  | 'size-mismatch'
  | 'checksum-mismatch'
  | 'not-gguf'
  | 'corrupt'
  | 'disk-full'
  /** Bigger than MAX_MODEL_BYTES (or than the catalog's exact size). */
  | 'too-large';

/** A model could not be pulled or verified; the message says what to do. Never contains a secret. */
export class ModelPullError extends Error {
  readonly kind = 'model-pull' as const;
  constructor(
    readonly code: PullErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelPullError';
  }
}

export function isModelPullError(err: unknown): err is ModelPullError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'model-pull';
}

/** How the CLI ends a failed pull: one line and exit code 1 for a ModelPullError; anything else is a bug and is thrown on. */
export function pullFailedExitCode(err: unknown, stderr: NodeJS.WritableStream): number {
  if (!isModelPullError(err)) throw err;
  stderr.write(`Pull failed (${err.code}): ${err.message}\n`);
  return 1;
}
