/**
 * Something the service needs at start is not there (an unreachable Redis, say): the operator's
 * environment, not a fault in the code, so it is told plainly and exits 1, for a supervisor to
 * retry, without the "Internal error" a bug gets.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
