import { appendFooter, splitMessage } from '../shared/split-message.js';

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
 * The reply as HTML messages: the body escaped and cut by splitMessage so that every part's
 * escaped length is at most the limit; the footer in italics, set apart in the last part, or in a
 * part of its own when it does not fit.
 */
export function renderTelegramHtml(body: string, footer: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const parts = splitMessage(cleanForTelegram(body), limit, escapedLength).map(escapeHtml);
  const cleanFooter = cleanForTelegram(footer).replace(/\s+/g, ' ').trim();
  if (!cleanFooter) return parts;
  return appendFooter(parts, `<i>${escapeHtml(truncateToEscaped(cleanFooter, limit - '<i></i>'.length))}</i>`, limit);
}

function escapedLength(text: string): number {
  let length = text.length;
  for (const ch of text) if (ch === '&') length += 4;
  else if (ch === '<' || ch === '>') length += 3;
  return length;
}

function truncateToEscaped(text: string, limit: number): string {
  if (escapedLength(text) <= limit) return text;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (escapedLength(out + segment) > limit - 1) break;
    out += segment;
  }
  return `${out}…`;
}
