import { InputRefusedError } from '../../core/errors.js';
import { countScripts, isSupportedLanguage, languageInfo, LANGUAGES, type Script } from '../../core/languages.js';
import type { ImageTextReader, OcrBlock, OcrEngine } from '../../core/ports.js';
import { detectLanguage } from '../../text/detect-language.js';
import { cleanOcrText } from '../ocr/clean-ocr-text.js';
import { detectScript, PROBE_MODELS, type ScriptGuess } from '../ocr/detect-script.js';
import { rereadDoubtfulWords, type UnsureNumber } from '../ocr/reread-words.js';
import { textFromBlocks } from '../ocr/text-from-blocks.js';
import type { OcrRecognizeOptions } from '../ocr/tesseract-ocr-pool.js';
import type { FindPageOptions } from './find-page.js';
import type { GrayImage, Quad } from './gray-image.js';
import { pickProbeLines } from './pick-probe-lines.js';
import { encodePng, preprocessPage } from './preprocess-page.js';
import { turnHalf } from './quarter-turn.js';

export interface PageImageReaderOptions {
  /** Reads the cleaned page; a TesseractOcrPool in production. */
  engine: OcrEngine;
  /** Longest side of the image handed to OCR, pixels. Defaults to 2400. */
  maxSide?: number;
  /** Most pixels an image may have before decoding is refused. Defaults to 40,000,000. */
  maxPixels?: number;
  /** Typical glyph height, pixels, that small or huge text is scaled towards before OCR. Defaults to scaleForOcr's default. */
  targetGlyphHeight?: number;
  /** Fewer letters than this means the photo has no readable text. Defaults to 12. */
  minLetters?: number;
  /** A script model reading the sample lines at least this confidently (0..1) is taken without trying the rest. Defaults to 0.75. */
  scriptAcceptConfidence?: number;
  /** Below this confidence (0..1), text read in the language the user named is re-checked against the page's own script. Defaults to 0.6. */
  recheckConfidence?: number;
  /** Tuning of the page finder. Defaults to FindPageOptions' defaults. */
  findPage?: FindPageOptions;
  /** Read numbers, low-confidence words and stray Latin words of non-Latin pages a second time (reread-words.ts). Defaults to true. */
  rereadDoubtfulWords?: boolean;
}

export interface ReadOptions {
  /** ISO 639-1 code, or 'auto' to let the page's script pick the OCR languages. */
  sourceLanguage: string;
  kind: 'photo' | 'rendered-page';
  signal?: AbortSignal;
}

export interface PageReading {
  text: string;
  /** ISO 639-1 code of the text, 'und' when it cannot be told. */
  language: string;
  /** Mean word confidence, 0..1. */
  confidence: number;
  /** Tesseract models the page was read with, e.g. ['hin', 'eng']. */
  ocrLanguages: string[];
  /** How the script was chosen, when it was detected rather than given. */
  scriptGuess: ScriptGuess | null;
  /** The page's corners in the upright photo, or null when the whole image was read. */
  pageQuad: Quad | null;
  skewDeg: number;
  /** Quarter turns (clockwise) the page needed to stand upright, beyond its EXIF tag. */
  quarterTurns: number;
  /** Milliseconds per step (preprocessing steps, 'script', 'ocr', 'reread'). */
  timings: Record<string, number>;
  /** Numbers whose reading stayed unsure after the second reading: the reply asks the user to check them. */
  unsureNumbers: UnsureNumber[];
  /** Words read a second time, and how many of them that changed. */
  reread: { words: number; changed: number };
}

/** The models to read a page in a language with: its own, plus English for the English words school books mix in. */
export function ocrLanguagesFor(tesseract: string): string[] {
  return tesseract === 'eng' ? ['eng'] : [tesseract, 'eng'];
}

/** The script a Tesseract model reads, e.g. 'hin' -> Devanagari. */
function scriptOfModel(model: string): Script | null {
  for (const info of LANGUAGES.values()) if (info.tesseract === model) return info.script;
  return null;
}

// Upright text in the right script reads at 0.75 or better; below this the page may be upside down.
const UPSIDE_DOWN_CHECK = 0.6;

function letterCount(text: string): number {
  let n = 0;
  for (const count of countScripts(text).values()) n += count;
  return n;
}

/**
 * Reads the text of a page image. A photo is straightened first (page found, perspective and
 * skew corrected, light evened); then, unless the user named the language, a couple of its lines
 * are read with one model per script to choose the OCR languages; then the page is read whole.
 */
export class PageImageReader implements ImageTextReader {
  private readonly engine: OcrEngine;
  private readonly options: PageImageReaderOptions;
  // Pages a service sees tend to share a script: trying recent ones first usually ends the
  // script search after one model.
  private recentScripts: Script[] = [];

  constructor(options: PageImageReaderOptions) {
    this.engine = options.engine;
    this.options = options;
  }

  async read(image: Buffer, options: ReadOptions): Promise<{ text: string; language: string; confidence: number; unsureNumbers: UnsureNumber[] }> {
    const { text, language, confidence, unsureNumbers } = await this.readDetailed(image, options);
    return { text, language, confidence, unsureNumbers };
  }

  async readDetailed(image: Buffer, options: ReadOptions): Promise<PageReading> {
    const { signal } = options;
    const pre = await preprocessPage(image, {
      kind: options.kind,
      maxSide: this.options.maxSide,
      maxPixels: this.options.maxPixels,
      targetGlyphHeight: this.options.targetGlyphHeight,
      findPage: this.options.findPage,
      signal,
    });
    const timings = { ...pre.timings };
    let last = performance.now();
    const lap = (name: string): void => {
      const now = performance.now();
      timings[name] = (timings[name] ?? 0) + Math.round(now - last);
      last = now;
    };
    const sample = pickProbeLines(pre.image, pre.mask);
    if (!sample) throw new InputRefusedError('no-text-found', 'no lines of text found on the page');
    let page = pre.image;
    let pagePng = await encodePng(page);
    const samplePng = await encodePng(sample);
    lap('encode');

    const hint = options.sourceLanguage !== 'auto' && isSupportedLanguage(options.sourceLanguage) ? options.sourceLanguage : undefined;
    let scriptGuess: ScriptGuess | null = null;
    let upsideDown = false;
    let languages: string[];
    let result: { text: string; confidence: number; blocks?: OcrBlock[] };
    if (!hint) {
      ({ guess: scriptGuess, upsideDown } = await this.guessScript(sample, samplePng, [], signal));
      lap('script');
      if (!scriptGuess.script) throw new InputRefusedError('no-text-found', 'no script model could read the page');
      languages = ocrLanguagesFor(PROBE_MODELS.get(scriptGuess.script)!);
      if (upsideDown) {
        page = turnHalf(page);
        pagePng = await encodePng(page);
        lap('encode');
      }
      result = await this.engine.recognize(pagePng, { languages, signal });
      lap('ocr');
    } else {
      languages = ocrLanguagesFor(languageInfo(hint).tesseract);
      result = await this.engine.recognize(pagePng, { languages, signal });
      lap('ocr');
      if (result.confidence < (this.options.recheckConfidence ?? 0.6)) {
        // Read poorly: the page may be upside down, or not in the language the user named.
        const hintScript = languageInfo(hint).script;
        ({ guess: scriptGuess, upsideDown } = await this.guessScript(sample, samplePng, [hintScript], signal));
        lap('script');
        if (scriptGuess.script && (upsideDown || scriptGuess.script !== hintScript) && scriptGuess.confidence > result.confidence + 0.15) {
          if (scriptGuess.script !== hintScript) languages = ocrLanguagesFor(PROBE_MODELS.get(scriptGuess.script)!);
          if (upsideDown) {
            page = turnHalf(page);
            pagePng = await encodePng(page);
          }
          result = await this.engine.recognize(pagePng, { languages, signal });
          lap('ocr');
        }
      }
    }

    let text = cleanOcrText(result.text);
    let letters = letterCount(text);
    if (scriptGuess && scriptGuess.confidence >= UPSIDE_DOWN_CHECK && letters < scriptGuess.letters * 0.9) {
      // The page read as less text than its two sample lines: layout analysis dropped lines (it
      // can take a sparse page, or a line, for a picture). Read it as one block of text instead.
      const block: OcrRecognizeOptions = { languages, layout: 'block', signal };
      const again = await this.engine.recognize(pagePng, block);
      lap('ocr');
      const againText = cleanOcrText(again.text);
      const againLetters = letterCount(againText);
      if (againLetters > letters) [result, text, letters] = [again, againText, againLetters];
    }
    if (letters < (this.options.minLetters ?? 12) || (result.confidence < 0.4 && letters < 80)) {
      throw new InputRefusedError('no-text-found', `OCR found ${letters} letters at confidence ${result.confidence.toFixed(2)}`);
    }
    let unsureNumbers: UnsureNumber[] = [];
    let reread = { words: 0, changed: 0 };
    const pageScript = scriptOfModel(languages[0]!);
    if (result.blocks && pageScript && this.options.rereadDoubtfulWords !== false) {
      const second = await rereadDoubtfulWords(result.blocks, { engine: this.engine, page, script: pageScript, scriptModel: languages[0]!, signal });
      lap('reread');
      unsureNumbers = second.unsure;
      reread = { words: second.reread, changed: second.changed };
      if (second.changed > 0) {
        const again = textFromBlocks(second.blocks);
        result = { ...again, blocks: second.blocks };
        text = cleanOcrText(again.text);
      }
    }
    const language = detectLanguage(text, hint);
    return {
      text,
      language,
      confidence: result.confidence,
      ocrLanguages: languages,
      scriptGuess,
      pageQuad: pre.pageQuad,
      skewDeg: pre.skewDeg,
      quarterTurns: (pre.turned ? 1 : 0) + (upsideDown ? 2 : 0),
      timings,
      unsureNumbers,
      reread,
    };
  }

  /**
   * Picks the script from the sample lines; when no model reads them even passably, tries them
   * upside down too (phones pointed down at a table often store the wrong way up).
   */
  private async guessScript(sample: GrayImage, samplePng: Buffer, first: Script[], signal?: AbortSignal): Promise<{ guess: ScriptGuess; upsideDown: boolean }> {
    const options = { tryFirst: [...first, ...this.recentScripts], acceptConfidence: this.options.scriptAcceptConfidence ?? 0.75, signal };
    let guess = await detectScript(this.engine, samplePng, options);
    let upsideDown = false;
    if (guess.confidence < UPSIDE_DOWN_CHECK) {
      const flipped = await detectScript(this.engine, await encodePng(turnHalf(sample)), options);
      if (flipped.confidence > guess.confidence + 0.1) {
        guess = flipped;
        upsideDown = true;
      }
    }
    const script = guess.script;
    if (script) this.recentScripts = [script, ...this.recentScripts.filter((s) => s !== script)].slice(0, 3);
    return { guess, upsideDown };
  }
}
