/** The outcome of reading bytes as text: the decoded string, or why the bytes are not text. */
export type TextDecoding = { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' } | { ok: false; reason: string };

/** Share of control characters above which bytes are binary data that happened to decode. */
const MAX_CONTROL_SHARE = 0.01;

/**
 * Reads bytes as text the way a user's file can legitimately be text: UTF-8 (with or without a
 * BOM) or UTF-16 announced by its BOM. Anything else (other code pages, binary data) is refused,
 * because guessing a legacy code page would read garbage aloud.
 */
export function decodeText(bytes: Buffer): TextDecoding {
  const encoding = bomEncoding(bytes);
  if (encoding !== 'utf-8' && bytes.length % 2 !== 0) return { ok: false, reason: `${encoding} with an odd byte count` };
  let text: string;
  try {
    // fatal: invalid sequences mean "not this encoding", never U+FFFD in the user's text.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, reason: `not valid ${encoding}` };
  }
  const controls = countControls(text);
  if (controls.nul > 0) return { ok: false, reason: 'contains NUL characters' };
  if (controls.other > Math.max(2, text.length * MAX_CONTROL_SHARE)) {
    return { ok: false, reason: `${controls.other} control characters` };
  }
  return { ok: true, text, encoding };
}

function bomEncoding(bytes: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function countControls(text: string): { nul: number; other: number } {
  let nul = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) nul++;
    // Tab, line feed, vertical tab, form feed, carriage return and DOS's end-of-file mark occur in real text files.
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1a) || (c >= 0x7f && c <= 0x9f)) other++;
  }
  return { nul, other };
}

// Formats that are text on disk but would be read aloud as tags and control words (HTML aside).
const MARKUP_START = /^\s*(?:<\?xml|<svg[\s>]|\{\\rtf|%!PS)/i;

// A web page, saved or written by hand: a doctype, or one of the tags a page or fragment opens
// with, after any comments. Only the start decides; parse5 then reads the whole page.
const HTML_START = /^(?:\s*<!--[\s\S]*?-->)*\s*(?:<!doctype\s+html|<(?:html|head|body|script|style|meta|link|title|base|div|p|h[1-6]|table|ul|ol|span|section|article|main|header|nav|form|iframe|a|b|i|em|strong|br|img|center|font)[\s>/])/i;
// XHTML is XML on disk but a web page all the same.
const XHTML_START = /^\s*<\?xml[^>]*>\s*(?:<!doctype\s+html|<html[\s>])/i;

/** True for a web page (HTML or XHTML), whatever the file was called. */
export function isHtmlDocument(text: string): boolean {
  const head = text.slice(0, 4096);
  return HTML_START.test(head) || XHTML_START.test(head);
}

/** True for XML, SVG, RTF and PostScript: text files that are not prose and not web pages. */
export function isMarkupDocument(text: string): boolean {
  return !isHtmlDocument(text) && MARKUP_START.test(text.slice(0, 1024));
}

/** Counts Unicode code points, which is what a user means by characters (a Hindi letter is one). */
export function countCodePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
