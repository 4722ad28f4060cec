import { message } from './messages.js';
import type { UnsureNumber } from './ports.js';

// At most this many numbers are named: a page read so badly that more are unsure gets the
// low-confidence warning too, and a reply listing twenty numbers helps nobody.
const MAX_NAMED = 5;

/**
 * The reply's line asking the reader to check numbers OCR was unsure of, in the reply language,
 * e.g. 'Please check these numbers on the page, I may have misread them: 15 ("दिवस 15 नवंबर को").'
 * Each number comes with the words around it as read, so it can be found on the page.
 */
export function unsureNumbersNote(language: string, unsure: readonly UnsureNumber[]): string {
  const separator = language === 'ur' ? '، ' : ', ';
  const named = unsure.slice(0, MAX_NAMED).map((u) => (u.context && u.context !== u.text ? `${u.text} (“${u.context}”)` : u.text));
  if (unsure.length > MAX_NAMED) named.push('…');
  return message(language, 'note.unsure-numbers', { numbers: named.join(separator) });
}
