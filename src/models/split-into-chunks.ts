/**
 * Splits a document into pieces of at most maxTokens each, at paragraph boundaries where it can:
 * paragraphs are packed together while they fit; a paragraph too long alone is split at sentence
 * ends, and a sentence too long alone at word boundaries (and, for one endless "word", by
 * characters), so every piece fits the model's context and nothing is dropped.
 */
export function splitIntoChunks(text: string, maxTokens: number, countTokens: (text: string) => number): string[] {
  if (maxTokens < 1) throw new RangeError('maxTokens must be at least 1');
  const paragraphs = text.split(/\n[ \t]*\n+/u).map((p) => p.trim()).filter(Boolean);
  const pieces: string[] = [];
  for (const paragraph of paragraphs) {
    if (countTokens(paragraph) <= maxTokens) pieces.push(paragraph);
    else pieces.push(...splitLong(paragraph, maxTokens, countTokens));
  }
  return pack(pieces, '\n\n', maxTokens, countTokens);
}

function splitLong(paragraph: string, maxTokens: number, count: (text: string) => number): string[] {
  const sentences = paragraph.split(/(?<=[.!?।॥۔؟])\s+/u).filter(Boolean);
  const parts: string[] = [];
  for (const sentence of sentences) {
    if (count(sentence) <= maxTokens) {
      parts.push(sentence);
      continue;
    }
    const words = sentence.split(/\s+/u).filter(Boolean);
    for (const word of words) {
      if (count(word) <= maxTokens) parts.push(word);
      else parts.push(...splitByCharacters(word, maxTokens, count));
    }
  }
  // Sentences and words of one paragraph go back together with a space, not a paragraph break.
  return pack(parts, ' ', maxTokens, count);
}

function splitByCharacters(word: string, maxTokens: number, count: (text: string) => number): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of word) {
    if (current && count(current + ch) > maxTokens) {
      out.push(current);
      current = '';
    }
    current += ch;
  }
  if (current) out.push(current);
  return out;
}

function pack(parts: string[], separator: string, maxTokens: number, count: (text: string) => number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const part of parts) {
    const joined = current ? `${current}${separator}${part}` : part;
    if (current && count(joined) > maxTokens) {
      chunks.push(current);
      current = part;
    } else {
      current = joined;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
