/** Telegram's limit for one text message, counted in UTF-16 code units. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/**
 * Escapes text for parse_mode "HTML". HTML mode is used, not MarkdownV2, because only three
 * characters need escaping (< > &) and no character of a page's text can open an entity by
 * accident, whereas MarkdownV2 reserves eighteen (_*[]()~`>#+-=|{}.!) and fails the whole
 * message on any one missed.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'));
}

/**
 * Removes what Telegram would refuse or silently drop: lone UTF-16 surrogates (not valid UTF-8)
 * and C0 control characters other than tab and line feed.
 */
export function cleanForTelegram(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ''); // eslint-disable-line no-control-regex
}

/**
 * The reply as HTML messages: the body escaped and cut at paragraph, then line, then sentence,
 * then word boundaries (a grapheme cut only for a single "word" longer than a message) so that
 * every part's escaped length is at most the limit; the footer in italics, set apart in the last
 * part, or in a part of its own when it does not fit.
 */
export function renderTelegramHtml(body: string, footer: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const parts = splitEscaped(cleanForTelegram(body), limit, 0)
    .map((raw) => raw.trim())
    .filter((raw) => raw.length > 0)
    .map(escapeHtml);
  const cleanFooter = cleanForTelegram(footer).replace(/\s+/g, ' ').trim();
  if (!cleanFooter) return parts;
  const footerHtml = `<i>${escapeHtml(truncateToEscaped(cleanFooter, limit - '<i></i>'.length))}</i>`;
  const last = parts.at(-1);
  if (last !== undefined && last.length + 2 + footerHtml.length <= limit) parts[parts.length - 1] = `${last}\n\n${footerHtml}`;
  else parts.push(footerHtml);
  return parts;
}

type Splitter = (text: string) => string[];

// Each level keeps its separators attached to the pieces, so joining the pieces gives the text back.
const LEVELS: Splitter[] = [
  (text) => text.split(/(?<=\n[ \t]*\n)/),
  (text) => text.split(/(?<=\n)/),
  (text) => segments(text, 'sentence'),
  (text) => text.split(/(?<=\s)/),
  (text) => segments(text, 'grapheme'),
];

function segments(text: string, granularity: 'sentence' | 'grapheme'): string[] {
  return Array.from(new Intl.Segmenter(undefined, { granularity }).segment(text), (s) => s.segment);
}

function escapedLength(text: string): number {
  let length = text.length;
  for (const ch of text) if (ch === '&') length += 4;
  else if (ch === '<' || ch === '>') length += 3;
  return length;
}

function splitEscaped(text: string, limit: number, level: number): string[] {
  if (escapedLength(text) <= limit) return [text];
  const splitter = LEVELS[level];
  // Past the last level every piece is one grapheme; a grapheme longer than a message cannot occur.
  if (!splitter) return [text];
  const chunks: string[] = [];
  let current = '';
  let currentLength = 0;
  for (const piece of splitter(text)) {
    const pieceLength = escapedLength(piece);
    if (currentLength + pieceLength <= limit) {
      current += piece;
      currentLength += pieceLength;
      continue;
    }
    if (current) chunks.push(current);
    current = '';
    currentLength = 0;
    if (pieceLength <= limit) {
      current = piece;
      currentLength = pieceLength;
    } else {
      const sub = splitEscaped(piece, limit, level + 1);
      chunks.push(...sub.slice(0, -1));
      current = sub.at(-1) ?? '';
      currentLength = escapedLength(current);
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

function truncateToEscaped(text: string, limit: number): string {
  if (escapedLength(text) <= limit) return text;
  let out = '';
  for (const g of segments(text, 'grapheme')) {
    if (escapedLength(out + g) > limit - 1) break;
    out += g;
  }
  return `${out}…`;
}
