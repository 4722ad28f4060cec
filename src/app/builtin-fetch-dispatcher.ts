/**
 * Keeps Node's own HTTP client behind the global `fetch` of this process.
 *
 * Node's fetch sends every request through whatever dispatcher sits at this global symbol. The npm
 * `undici` 7 that `@slack/socket-mode` brings puts its own Agent there when it loads and finds the
 * slot empty, and that Agent's HTTP/1 parser throws an uncatchable AssertionError when a server
 * closes the connection while a download is being read slowly (nodejs/undici#5360): a model pull
 * or a chat file download could take the whole process down. The fixed parser ships only in undici
 * 8, which needs Node 22, so an `overrides` cannot fix it on Node 20. Node's bundled undici (6.x on
 * Node 20) finishes or fails such a response cleanly; it installs its Agent in the same slot when
 * it first loads, so loading it before anything imports the npm one keeps it in place for good.
 * (Socket Mode's WebSocket builds its own Agent and does not use this slot.)
 */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** Loads Node's bundled undici now, unless some dispatcher is already installed. Safe to call twice. */
export function keepBuiltinFetchDispatcher(): void {
  if (globalDispatcher() !== undefined) return;
  // Reading one of fetch's lazily defined globals loads Node's internal undici, whose first run
  // installs its Agent as the global dispatcher; `fetch` itself loads it only on the first call.
  void globalThis.Headers;
}

/** The dispatcher Node's fetch uses now (undefined until some undici has loaded). */
export function globalDispatcher(): unknown {
  return (globalThis as unknown as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
}

keepBuiltinFetchDispatcher();
