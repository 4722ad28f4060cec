/**
 * English left in a text a bot wrote once product words, commands and quoted examples (which
 * stay as written in every language) and the given source passages are taken out: two Latin
 * words in a row. The conversation-language tests of every adapter look for it.
 */
export function englishIn(text: string, sources: string[]): string[] {
  let rest = text.replace(/\u200B/gu, '');
  for (const source of sources) for (const piece of source.split(/\n+/u)) rest = rest.split(piece.trim()).join(' ');
  rest = rest.replace(/"[^"]*"|\/[a-z]+|@\w+|\b(?:PDF|DOCX|Word|API)\b/gu, ' ');
  return rest.match(/[A-Za-z]{2,}(?:[\s,.'-]+[A-Za-z]{2,})+/gu) ?? [];
}
