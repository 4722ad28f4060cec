// Preload (node --import) that appends the path of every module this process's main thread
// loads to the file named by RECORD_IMPORTS_TO: ES modules through a load hook, CommonJS ones
// (require, createRequire) through Module._load. Used to check what `serve` imports at start.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const out = process.env.RECORD_IMPORTS_TO;
if (out && isMainThread) {
  register(new URL('./record-imports-hooks.mjs', import.meta.url), { data: { out } });
  const load = Module._load;
  Module._load = function recordedLoad(request, parent, isMain) {
    try {
      appendFileSync(out, `${Module._resolveFilename(request, parent, isMain)}\n`);
    } catch {
      // a built-in or a name that does not resolve: the real load reports it
    }
    return load.call(this, request, parent, isMain);
  };
}
