/** The slice of a pino logger the model code writes to; never receives user text. */
export interface ModelLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: ModelLogger = { info() {}, warn() {}, debug() {}, error() {} };
