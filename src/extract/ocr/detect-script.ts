import { countScripts, LANGUAGES, type Script } from '../../core/languages.js';
import type { OcrEngine } from '../../core/ports.js';
import type { OcrRecognizeOptions } from './tesseract-ocr-pool.js';

/** One Tesseract model per script, the first language of the table that writes it (hin for Devanagari, ben for Bengali). */
export const PROBE_MODELS: ReadonlyMap<Script, string> = (() => {
  const map = new Map<Script, string>();
  for (const info of LANGUAGES.values()) if (!map.has(info.script)) map.set(info.script, info.tesseract);
  return map;
})();

function letterCount(text: string): number {
  let n = 0;
  for (const count of countScripts(text).values()) n += count;
  return n;
}

export interface DetectScriptOptions {
  /** Scripts to try first (e.g. the ones recent pages were in); the rest follow in table order. Defaults to none. */
  tryFirst?: readonly Script[];
  /** A model reading the sample at least this confidently (0..1) ends the search early. Defaults to 0.75. */
  acceptConfidence?: number;
  signal?: AbortSignal;
}

export interface ScriptGuess {
  /** The script whose model read the sample best, or null when none read it at all. */
  script: Script | null;
  /** That model's mean word confidence on the sample, 0..1. */
  confidence: number;
  /** Letters that model read in the sample: the page should hold at least as many. */
  letters: number;
  /** Every model tried, in order, with its confidence. */
  tried: Array<{ script: Script; confidence: number }>;
}

/**
 * Tells the script of a page by reading a small sample of its lines with one model per script and
 * keeping the most confident. A model of the wrong script reads text as low-confidence junk: on
 * two-line samples of rendered and photographed pages in 13 languages the right model scored
 * 0.76-0.96 and the best wrong one at most 0.57. A worker switches between models it has loaded in
 * a few tens of milliseconds, so with recent scripts tried first this usually costs one small
 * recognition. Tesseract's legacy OSD was measured too and rejected: it named Gujarati pages
 * Latin, Gurmukhi Cyrillic and Oriya Latin, found no script on unprocessed photos, and needs a
 * second (legacy-engine) worker of about 230 MB.
 */
export async function detectScript(engine: OcrEngine, sample: Buffer, options: DetectScriptOptions = {}): Promise<ScriptGuess> {
  const accept = options.acceptConfidence ?? 0.75;
  const order = [...new Set([...(options.tryFirst ?? []), ...PROBE_MODELS.keys()])];
  const tried: ScriptGuess['tried'] = [];
  let best: ScriptGuess = { script: null, confidence: 0, letters: 0, tried };
  for (const script of order) {
    const model = PROBE_MODELS.get(script);
    if (!model) continue;
    const request: OcrRecognizeOptions = { languages: [model], layout: 'block', signal: options.signal };
    const { confidence, text } = await engine.recognize(sample, request);
    tried.push({ script, confidence });
    if (confidence > best.confidence) best = { script, confidence, letters: letterCount(text), tried };
    if (confidence >= accept) break;
  }
  return best;
}
