// A sentence end (with any closing quote or bracket) and the white space after it.
const SENTENCE_END = /[.!?।॥۔؟][)\]"'”’»]*\s+/gu;
const SPACE = /\s+/gu;

function lastEnd(window: string, pattern: RegExp): number {
  let end = -1;
  for (const match of window.matchAll(pattern)) end = (match.index ?? 0) + match[0].length;
  return end;
}

/**
 * Cuts text into pieces of at most maxChars characters, after a sentence end where the window has
 * one, else at white space, else (a run with no space at all) at maxChars. Joined together the
 * pieces are the text. V8's Intl.Segmenter takes time quadratic in the length of the string it
 * walks (measured: 11 s to split one 100,000-character paragraph into sentences), so code that
 * segments text of unbounded length walks these pieces instead.
 */
export function chunkText(text: string, maxChars = 2000): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    const window = text.slice(start, start + maxChars);
    let cut = lastEnd(window, SENTENCE_END);
    if (cut <= 0) cut = lastEnd(window, SPACE);
    if (cut <= 0) {
      cut = maxChars;
      // Never split a surrogate pair.
      const code = window.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    chunks.push(window.slice(0, cut));
    start += cut;
  }
  if (start < text.length) chunks.push(text.slice(start));
  return chunks;
}
