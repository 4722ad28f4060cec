// Preloaded (node --import) into a CLI child process by the closing-server test: every fetch
// response reaches its caller late, the slow reader of nodejs/undici#5360. Touches no undici.
import { slowReaderFetch } from './closing-http-server.js';

globalThis.fetch = slowReaderFetch(Number(process.env.SLOW_READER_MS ?? 300), globalThis.fetch);
