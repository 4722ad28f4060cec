import { appendFooter, splitMessage } from '../shared/split-message.js';

/** WhatsApp's limit for a text message body. */
export const WHATSAPP_TEXT_LIMIT = 4096;

/**
 * A zero-width space after each formatting marker. WhatsApp reads *bold*, _italic_, ~strike~ and
 * `code` inside any text message and has no escape character; the invisible space keeps a
 * marker from pairing, so "2 * 3 * 4" or a file_name arrive as written.
 */
const ZWSP = '\u200B';
const MARKERS = /[*_~`]/g;

export function escapeWhatsApp(text: string): string {
  return text.replace(MARKERS, (m) => `${m}${ZWSP}`).replace(/^>/gm, `${ZWSP}>`);
}

/** The escaped length: what counts against the 4096-character limit. Additive over concatenation. */
function escapedLength(text: string): number {
  return text.length + (text.match(MARKERS)?.length ?? 0) + (text.match(/^>/gm)?.length ?? 0);
}

/** The reply body cut at paragraphs, then sentences, into messages of at most 4096 characters once escaped, with the footer set apart at the end. */
export function renderWhatsAppReply(body: string, footer: string): string[] {
  const escapedFooter = escapeWhatsApp(footer).slice(0, WHATSAPP_TEXT_LIMIT);
  const parts = splitMessage(body, WHATSAPP_TEXT_LIMIT, escapedLength).map(escapeWhatsApp);
  return appendFooter(parts, escapedFooter, WHATSAPP_TEXT_LIMIT);
}

/** A one-line notice or progress text: escaped, never empty, within the limit. */
export function plainWhatsApp(text: string): string {
  const escaped = escapeWhatsApp(text.trim());
  return (escaped || '…').slice(0, WHATSAPP_TEXT_LIMIT);
}
