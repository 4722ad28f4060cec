/** Abbreviations whose full stop does not end a sentence in a notice ("Rs. 150", "10 a.m. sharp"). */
const ABBREVIATION = /(?:\b(?:Rs|Dr|Mr|Mrs|Ms|No|St|Sr|Jr|Smt|Shri|Std|Rd|Nos|etc|i\.e|e\.g|a\.m|p\.m)|\b[ap]\.m|ரூ|रु)\.$/iu;

/**
 * The sentences of a notice, each with the offset it starts at. Lines are kept apart (a notice's
 * heading, salutation and signature stand alone); inside a line a sentence ends at . ! ? । ۔
 * followed by a space, unless the word before is an abbreviation such as "Rs." or "a.m.".
 */
export function noticeSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\n+/u)) {
    let start = 0;
    for (const match of line.matchAll(/[.!?।۔](?=\s)/gu)) {
      const end = match.index + 1;
      if (ABBREVIATION.test(line.slice(Math.max(0, end - 6), end))) continue;
      push(line.slice(start, end));
      start = end;
    }
    push(line.slice(start));
  }
  return sentences;

  function push(piece: string): void {
    const trimmed = piece.trim();
    if (trimmed) sentences.push(trimmed);
  }
}

/** The sentence without its final stop. */
export function withoutStop(text: string): string {
  return text.replace(/\s*[.!?।۔]+$/u, '').trim();
}
