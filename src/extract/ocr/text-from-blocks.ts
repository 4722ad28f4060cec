import type { OcrBlock } from '../../core/ports.js';

export type { OcrBlock };

export interface BlocksText {
  /** Paragraphs separated by a blank line; the lines of one paragraph joined by spaces. */
  text: string;
  /** Mean word confidence weighted by word length, 0..1 (0 without words). */
  confidence: number;
  words: number;
}

// A line ending in a hyphen after a letter, followed by a line starting in lower case, is one word
// broken across lines ("photo-" + "synthesis").
const BROKEN_WORD = /\p{L}-$/u;
const LOWER_START = /^\p{Ll}/u;

/**
 * Rebuilds text from Tesseract's layout: one paragraph per Tesseract paragraph, so the blank lines
 * in the output follow the page's own blocks rather than its line breaks.
 */
export function textFromBlocks(blocks: OcrBlock[]): BlocksText {
  const paragraphs: string[] = [];
  let weighted = 0;
  let chars = 0;
  let words = 0;
  for (const block of blocks) {
    for (const paragraph of block.paragraphs ?? []) {
      let text = '';
      for (const line of paragraph.lines ?? []) {
        const lineWords = (line.words ?? []).map((w) => ({ text: w.text.trim(), confidence: w.confidence })).filter((w) => w.text);
        for (const w of lineWords) {
          const length = [...w.text].length;
          weighted += (w.confidence / 100) * length;
          chars += length;
          words += 1;
        }
        const lineText = lineWords.map((w) => w.text).join(' ');
        if (!lineText) continue;
        if (!text) text = lineText;
        else if (BROKEN_WORD.test(text) && LOWER_START.test(lineText)) text = text.slice(0, -1) + lineText;
        else text = `${text} ${lineText}`;
      }
      if (text) paragraphs.push(text);
    }
  }
  return { text: paragraphs.join('\n\n'), confidence: chars ? weighted / chars : 0, words };
}
