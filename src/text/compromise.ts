import { createRequire } from 'node:module';
import type compromise from 'compromise';

let loaded: typeof compromise | undefined;

/**
 * compromise (the English NLP library) parsing `text`; every module of the project uses it
 * through here. Loaded on the first call, not at import: it holds ~30 MB once loaded, and a
 * threaded service's main thread imports the validator (for model and API output) without
 * running it when it has neither, while its pipeline thread loads compromise for its own jobs.
 * Required, not imported: the callers are synchronous, and its CommonJS build (one bundled file,
 * the same version) costs ~13 MB less resident memory than the ES build's 400-odd modules.
 */
export function nlp(text: string): ReturnType<typeof compromise> {
  loaded ??= createRequire(import.meta.url)('compromise') as typeof compromise;
  return loaded(text);
}
