import { chunkText } from '../text/chunk-text.js';
import { splitParagraphs } from '../text/sentences.js';

/**
 * Groups paragraphs into pieces of at most maxChars characters, so a long document goes to the
 * chat model in several calls whose answers fit its output limit; a paragraph longer than that
 * is cut at sentence ends. Paragraph breaks between pieces are kept by the caller joining the
 * answers with a blank line.
 */
export function splitForChat(text: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const paragraph of splitParagraphs(text)) {
    for (const part of paragraph.length > maxChars ? chunkText(paragraph, maxChars).map((p) => p.trim()).filter(Boolean) : [paragraph]) {
      if (current && current.length + 2 + part.length > maxChars) {
        pieces.push(current);
        current = '';
      }
      current = current ? `${current}\n\n${part}` : part;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}
