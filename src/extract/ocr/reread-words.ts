/**
 * The second reading of doubtful words (see doubtful-words.ts): each word's box, widened to the
 * gap before and after it so that a glyph the page reading dropped is inside, is cut from the page
 * and read again as one line: numbers with the English model limited to digits, the script's own
 * digits with the script's model limited to them, other words with the script's model alone.
 * Readings are grouped by model so that a worker switches models at most three times a page.
 */
import type { Script } from '../../core/languages.js';
import type { OcrBlock, OcrBox, OcrEngine, OcrWord, UnsureNumber } from '../../core/ports.js';
import type { GrayImage } from '../image/gray-image.js';
import { encodePng } from '../image/preprocess-page.js';
import { stretchWide } from '../image/stretch-wide.js';
import { readArabicDigitsByShape } from './arabic-digit-shapes.js';
import { inkComponents } from './ink-components.js';
import { ASCII_NUMBER_CHARS, digitSystems, doubtOf, isWellFormedNumber, pickReading, readingOf, scriptDigits, SURE_CONFIDENCE, type DoubtKind, type Reading } from './doubtful-words.js';

export interface RereadOptions {
  engine: OcrEngine;
  /** The page image the blocks' boxes refer to. */
  page: GrayImage;
  script: Script;
  /** Tesseract model of the page's script, e.g. 'hin'. */
  scriptModel: string;
  signal?: AbortSignal;
}

export type { UnsureNumber };

export interface RereadResult {
  blocks: OcrBlock[];
  /** Words read a second time. */
  reread: number;
  /** Words whose text the second reading changed. */
  changed: number;
  /** Numbers whose reading stays below SURE_CONFIDENCE. */
  unsure: UnsureNumber[];
}

interface Doubt {
  word: OcrWord;
  kind: DoubtKind;
  box: OcrBox;
  lineText: string;
  lineIndex: number;
  second: Reading | null;
}

const PAD = 10;
// How much wider an unsurely read number is drawn for a further digit-only reading, in turn.
const STRETCHES = [1.6, 2, 1.3];
const NUMBER_LIKE = /[\p{Nd}]/u;
const NUMBER = /\p{Sc}?\p{Nd}+(?:[.,:/-]\p{Nd}+)*/u;
// Urdu writes the Extended Arabic-Indic digits; the urd model sometimes answers with the Arabic-Indic
// ones, whose 0-3 and 7-9 look the same.
const ARABIC_INDIC = /[\u0660-\u0669]/gu;

/** The word's box widened to the gaps beside it on its line (at most 1.5 line heights each side). */
function cropBox(word: OcrWord, line: OcrWord[], page: GrayImage): OcrBox | null {
  const b = word.bbox;
  if (!b) return null;
  const h = Math.max(1, b.y1 - b.y0);
  let left = Math.max(0, b.x0 - 1.5 * h);
  let right = Math.min(page.width, b.x1 + 1.5 * h);
  let top = b.y0;
  let bottom = b.y1;
  for (const other of line) {
    const o = other.bbox;
    if (!o || other === word) continue;
    if (o.x1 <= b.x0 + 2) left = Math.max(left, o.x1 + 1);
    if (o.x0 >= b.x1 - 2) right = Math.min(right, o.x0 - 1);
    top = Math.min(top, o.y0);
    bottom = Math.max(bottom, o.y1);
  }
  const margin = 0.15 * h;
  const box = { x0: Math.floor(left), x1: Math.ceil(right), y0: Math.max(0, Math.floor(top - margin)), y1: Math.min(page.height, Math.ceil(bottom + margin)) };
  return box.x1 - box.x0 >= 4 && box.y1 - box.y0 >= 4 ? box : null;
}

/** The box cut out of the page with a white border (Tesseract reads a glyph touching the edge poorly). */
function cut(page: GrayImage, box: OcrBox): GrayImage {
  const width = box.x1 - box.x0 + 2 * PAD;
  const height = box.y1 - box.y0 + 2 * PAD;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = box.y0; y < box.y1; y += 1) {
    const from = y * page.width;
    data.set(page.data.subarray(from + box.x0, from + box.x1), (y - box.y0 + PAD) * width + PAD);
  }
  return { data, width, height };
}

async function readLine(options: RereadOptions, box: OcrBox, languages: string[], charWhitelist: string, stretch = 1): Promise<{ reading: Reading; words: OcrWord[] } | null> {
  const image = cut(options.page, box);
  const png = await encodePng(stretch === 1 ? image : stretchWide(image, stretch));
  const result = await options.engine.recognize(png, { languages, layout: 'line', charWhitelist, signal: options.signal });
  const words = (result.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words))).filter((w) => w.text.trim());
  if (words.length === 0) return null;
  const readings = words.map(readingOf);
  return { reading: { text: readings.map((r) => r.text).join(' '), confidence: Math.min(...readings.map((r) => r.confidence)) }, words };
}

/**
 * A digit-only reading that ends in a separator ("8," for "8 बजे": the crop held a stroke of the
 * next word) has the separator's low confidence as its own, and then went to the mixed reading,
 * which named that stroke "1" ("81"). When every digit is sure, the digits are the reading; the
 * separator stays only when the page reading had it too (the full stop after "₹1,250.").
 */
function withoutTrailingSeparator(reading: Reading, words: OcrWord[], pageText = ''): Reading {
  const symbols = words.flatMap((w) => w.symbols ?? []);
  const last = symbols[symbols.length - 1];
  if (!last || !/^[.,:/-]$/u.test(last.text) || !reading.text.endsWith(last.text)) return reading;
  const digits = symbols.slice(0, -1);
  if (digits.length === 0 || digits.some((s) => s.confidence < SURE_CONFIDENCE)) return reading;
  const text = pageText.trim().endsWith(last.text) ? reading.text : reading.text.slice(0, -1);
  return { text, confidence: Math.min(...digits.map((s) => s.confidence)) };
}

/**
 * The number in the box read digits-only again, drawn wider, until a reading is sure, well formed
 * and holds at least as many characters as the box has runs of ink (a "1" read for "11" has lost
 * one). On a Marathi page read by the hin model (language left to auto) "11" came out "7" at 0
 * and, cut out, "1" at 0 however it was scaled; drawn 1.6 times wider it read "11" at 91.
 */
async function readStretched(options: RereadOptions, box: OcrBox, plain: string, pageText = ''): Promise<Reading | null> {
  const runs = inkComponents(options.page, box).length;
  for (const stretch of STRETCHES) {
    const read = await readLine(options, box, ['eng'], ASCII_NUMBER_CHARS, stretch);
    if (!read) continue;
    const reading = withoutTrailingSeparator({ text: read.reading.text.replace(/\s+/gu, ''), confidence: read.reading.confidence }, read.words, pageText);
    // Widening adds the frames a repeated digit needs; it must not change what was read ("1,250" -> "1.250").
    if (reading.confidence >= SURE_CONFIDENCE && isWellFormedNumber(reading.text) && [...reading.text].length >= runs && isSubsequence(plain, reading.text)) return reading;
  }
  return null;
}

/** Whether every character of `part` appears in `whole` in the same order. */
function isSubsequence(part: string, whole: string): boolean {
  let i = 0;
  for (const ch of whole) if (i < part.length && ch === part[i]) i += 1;
  return i === part.length;
}

/** Left and right edge of a word's ink: its symbols' boxes, a blank symbol's left out. */
function inkSpan(word: OcrWord): { x0: number; x1: number } | null {
  const boxes = (word.symbols ?? []).filter((s) => s.text.trim() && s.bbox).map((s) => s.bbox!);
  if (boxes.length === 0) return word.bbox ? { x0: word.bbox.x0, x1: word.bbox.x1 } : null;
  return { x0: Math.min(...boxes.map((b) => b.x0)), x1: Math.max(...boxes.map((b) => b.x1)) };
}

/**
 * Numbers the page reading lost between two words of a left-to-right line: on a Marathi page read
 * by the hin model "11" became a blank character at the front of the next word, and its ink sat
 * in a gap no word covered. A gap wider than the line's height with ink in it is read digits-only;
 * a sure, well-formed number found there becomes a word of the line.
 */
async function findLostNumbers(line: OcrWord[], covered: readonly OcrBox[], options: RereadOptions): Promise<OcrWord[]> {
  const found: OcrWord[] = [];
  const heights = line.flatMap((w) => (w.bbox ? [w.bbox.y1 - w.bbox.y0] : []));
  if (heights.length < 2) return found;
  const height = heights.sort((a, b) => a - b)[Math.floor(heights.length / 2)]!;
  const top = Math.max(0, Math.min(...line.flatMap((w) => (w.bbox ? [w.bbox.y0] : []))));
  const bottom = Math.min(options.page.height, Math.max(...line.flatMap((w) => (w.bbox ? [w.bbox.y1] : []))));
  for (let i = 0; i + 1 < line.length; i += 1) {
    const left = inkSpan(line[i]!);
    const right = inkSpan(line[i + 1]!);
    if (!left || !right || right.x0 - left.x1 < height) continue;
    const box = { x0: left.x1 + 2, x1: right.x0 - 2, y0: top, y1: bottom };
    // A number read again was read across the gaps beside it ("15" whose box held only the "1"): its ink is accounted for.
    if (covered.some((c) => c.x0 < box.x1 && c.x1 > box.x0 && c.y0 < box.y1 && c.y1 > box.y0)) continue;
    if (inkComponents(options.page, box).length === 0) continue;
    const first = await readLine(options, box, ['eng'], ASCII_NUMBER_CHARS);
    let reading: Reading | null = first ? withoutTrailingSeparator({ text: first.reading.text.replace(/\s+/gu, ''), confidence: first.reading.confidence }, first.words) : null;
    if (!reading || reading.confidence < SURE_CONFIDENCE) reading = await readStretched(options, box, reading?.text ?? '');
    if (!reading || reading.confidence < SURE_CONFIDENCE || !isWellFormedNumber(reading.text) || [...reading.text].length < inkComponents(options.page, box).length) continue;
    // A lone stroke in a gap is as likely a danda the page reading left out ("হবে।") as a "1".
    if (reading.text === '1') continue;
    found.push({ text: reading.text, confidence: reading.confidence, bbox: { ...box, y0: line[i]!.bbox?.y0 ?? top, y1: line[i]!.bbox?.y1 ?? bottom } });
    line.splice(i + 1, 0, found[found.length - 1]!);
    i += 1;
  }
  return found;
}

/**
 * Reads the doubtful words of a page again and returns the blocks with the better readings in
 * place, plus the numbers still unsure. Pages in Latin script are returned as they are (their
 * numbers are still checked for sureness).
 */
export async function rereadDoubtfulWords(blocks: OcrBlock[], options: RereadOptions): Promise<RereadResult> {
  const { script, scriptModel } = options;
  const copy: OcrBlock[] = blocks.map((b) => ({ ...b, paragraphs: b.paragraphs.map((p) => ({ ...p, lines: p.lines.map((l) => ({ ...l, words: l.words.map((w) => ({ ...w })) })) })) }));
  const doubts: Doubt[] = [];
  const lines: OcrWord[][] = [];
  for (const block of copy) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const lineIndex = lines.push(line.words) - 1;
        const lineText = line.words.map((w) => w.text).join(' ');
        for (const word of line.words) {
          if (script === 'Arabic') {
            const byShape = readArabicDigitsByShape(word, options.page);
            if (byShape) Object.assign(word, { text: byShape.text, confidence: byShape.confidence, symbols: undefined });
            else word.text = word.text.replace(ARABIC_INDIC, (d) => String.fromCodePoint(d.codePointAt(0)! - 0x0660 + 0x06f0));
          }
          const kind = doubtOf(word, script, lineText);
          const box = kind ? cropBox(word, line.words, options.page) : null;
          if (kind && box) doubts.push({ word, kind, box, lineText, lineIndex, second: null });
        }
      }
    }
  }

  // 1. The script's model alone: doubtful words, and numbers read with a sign in front (a currency
  //    sign the English model does not know, e.g. "₹1,250" read "T,250"), whose digits are cut off
  //    behind the sign for step 2.
  const digitBoxes = new Map<Doubt, { box: OcrBox; prefix: string }>();
  for (const doubt of doubts) {
    if (doubt.kind === 'doubtful-word') {
      doubt.second = (await readLine(options, doubt.box, [scriptModel], ''))?.reading ?? null;
    } else if (doubt.kind === 'ascii-number' && /^[^0-9]/u.test(doubt.word.text.trim()) && doubt.word.text.trim().length > 1) {
      const read = await readLine(options, doubt.box, [scriptModel], '');
      const sign = read?.words[0]?.symbols?.[0];
      if (sign?.bbox && /^\p{Sc}$/u.test(sign.text) && sign.confidence >= SURE_CONFIDENCE) {
        const x0 = doubt.box.x0 - PAD + sign.bbox.x1 + 1;
        if (x0 < doubt.box.x1 - 4) digitBoxes.set(doubt, { box: { ...doubt.box, x0 }, prefix: sign.text });
      }
    }
  }
  // 2. ASCII numbers: the English model, digits and separators only.
  const unsureDigits: Doubt[] = [];
  for (const doubt of doubts) {
    if (doubt.kind !== 'ascii-number') continue;
    const { box, prefix } = digitBoxes.get(doubt) ?? { box: doubt.box, prefix: '' };
    const read = await readLine(options, box, ['eng'], ASCII_NUMBER_CHARS);
    doubt.second = read ? { text: prefix + read.reading.text.replace(/\s+/gu, ''), confidence: read.reading.confidence } : null;
    if (read) doubt.second = withoutTrailingSeparator(doubt.second!, read.words, doubt.word.text);
    if (!prefix && (doubt.second?.confidence ?? 0) < SURE_CONFIDENCE) doubt.second = (await readStretched(options, box, read?.reading.text.replace(/\s+/gu, '') ?? '', doubt.word.text)) ?? doubt.second;
    if (!prefix && (doubt.second?.confidence ?? 0) < SURE_CONFIDENCE) unsureDigits.push(doubt);
  }
  // 2b. A number the digit-only reading was unsure of may share its box with a word the page
  //     reading merged into it ("1 बजे" read as one word "F9"): English first, then the script's model.
  for (const doubt of unsureDigits) {
    const read = await readLine(options, doubt.box, ['eng', scriptModel], '');
    if (read && read.reading.confidence > (doubt.second?.confidence ?? 0)) doubt.second = { ...read.reading, mixed: true };
  }
  // 3. The script's own digits: its model, limited to them.
  const own = scriptDigits(script);
  for (const doubt of doubts) {
    if (doubt.kind !== 'script-number') continue;
    const read = await readLine(options, doubt.box, [scriptModel], `${own}.,:/-`);
    doubt.second = read ? { text: read.reading.text.replace(/\s+/gu, ''), confidence: read.reading.confidence } : null;
  }

  let changed = 0;
  for (const doubt of doubts) {
    const page = readingOf(doubt.word);
    const chosen = pickReading(doubt.kind, page, doubt.second, script);
    if (chosen !== page) {
      changed += 1;
      doubt.word.text = chosen.text;
      doubt.word.confidence = chosen.confidence;
      // The characters no longer match the text; the word's confidence now speaks for them.
      doubt.word.symbols = undefined;
    }
  }

  // 4. Numbers lost between words (left-to-right scripts; Urdu's words run the other way).
  if (script !== 'Arabic') {
    for (const [index, line] of lines.entries()) {
      const covered = doubts.filter((d) => d.lineIndex === index && d.kind !== 'doubtful-word').map((d) => d.box);
      changed += (await findLostNumbers(line, covered, options)).length;
    }
  }

  const unsure: UnsureNumber[] = [];
  lines.forEach((words) => {
    words.forEach((word, i) => {
      if (!NUMBER_LIKE.test(word.text)) return;
      const { text: wordText, confidence } = readingOf(word);
      // Digits of two systems in one number ("1,250۴") are a misreading however sure the model was.
      if (confidence >= SURE_CONFIDENCE && digitSystems(wordText).size < 2) return;
      const text = NUMBER.exec(wordText)?.[0] ?? wordText;
      const context = words
        .slice(Math.max(0, i - 2), i + 3)
        .map((w) => w.text)
        .join(' ');
      unsure.push({ text, confidence: confidence / 100, context });
    });
  });
  return { blocks: copy, reread: doubts.length, changed, unsure };
}
