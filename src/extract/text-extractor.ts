import { InputRefusedError } from '../core/errors.js';
import type { AcceptedInput, ExtractedText, ExtractOptions, InputKind, TextExtractor } from '../core/ports.js';
import { detectLanguage } from '../text/detect-language.js';
import { htmlToText } from '../text/html-to-text.js';

/**
 * Text and Markdown files, and web pages (only their visible words: see htmlToText). Markdown's
 * markup would be read aloud ("hash hash", link addresses), so it is removed while the words stay: headings, emphasis, link targets, images' addresses,
 * code fences, quote and list markers, tables' rules and HTML comments. Plain text passes
 * through these rules unchanged except for a '#' or '>' opening a line.
 */
export class PlainTextExtractor implements TextExtractor {
  readonly kinds: readonly InputKind[] = ['text'];

  async extract(input: AcceptedInput, options: ExtractOptions): Promise<ExtractedText> {
    options.signal?.throwIfAborted();
    const raw = normaliseLineEnds(input.bytes.toString('utf8').replace(/^\uFEFF/, ''));
    // A web page (intake marks it by its MIME type): only the words its reader sees.
    const text = input.mime.startsWith('text/html') ? await htmlToText(raw) : stripMarkdown(raw);
    if (!text) throw new InputRefusedError('no-text-found', 'the text file has no words');
    const hint = options.sourceLanguage === 'auto' ? undefined : options.sourceLanguage;
    return { text, language: detectLanguage(text, hint), method: 'text', warnings: [] };
  }
}

function normaliseLineEnds(text: string): string {
  return text
    .replace(/\r\n?|\u0085|\u2028|\v/g, '\n')
    .replace(/\f|\u2029/g, '\n\n');
}

const FENCE = /^\s{0,3}(```|~~~)/;

/** Removes Markdown syntax, keeping the words a reader would say. Exported for tests. */
export function stripMarkdown(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/<!--[\s\S]*?-->/g, '').split('\n')) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    const kept = inFence ? line : stripLine(line);
    if (kept !== null) out.push(kept);
  }
  return out
    .map((line) => line.replace(/[ \t]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The line without its markup, or null when the line is only markup that would break a table or list. */
function stripLine(line: string): string | null {
  // Setext underlines, thematic breaks and table rules carry no words.
  if (/^\s{0,3}(?:=+|-+|(?:[-*_]\s*){3,})\s*$/.test(line)) return '';
  if (/^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) return null;
  // Reference-style link definitions: "[1]: https://..." is only an address.
  if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(line)) return null;
  let s = line
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/^(?:\s{0,3}>\s?)+/, '')
    .replace(/^\s*[-*+]\s+(?:\[[ xX]\]\s+)?/, '');
  if (/^\s*\|.*\|\s*$/.test(s)) {
    s = s
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim())
      .filter(Boolean)
      .join(', ');
  }
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1');
}
