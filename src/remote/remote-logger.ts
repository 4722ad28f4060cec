/** The slice of a pino logger the remote and resilience code writes to; it never receives user text or the API key. */
export interface RemoteLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentRemoteLogger: RemoteLogger = { debug() {}, info() {}, warn() {}, error() {} };
