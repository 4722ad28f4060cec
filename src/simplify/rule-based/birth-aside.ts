/**
 * "Dennis Hopper (born May 17, 1936) is an American actor." ->
 * "Dennis Hopper is an American actor. Dennis Hopper was born May 17, 1936."
 * An encyclopedia habit that breaks the sentence a child reads first; the date stays, in a
 * sentence of its own, said about the name the aside followed.
 */

// A name of one to five capitalised words right before "(born ...)"; the aside holds no brackets or
// semicolon (those carry more than a birth date) and is short.
const BIRTH_ASIDE = /((?:\p{Lu}[\p{L}\p{M}.'’-]*\s+){0,4}\p{Lu}[\p{L}\p{M}.'’-]*)\s*\(\s*born\s+([^();]{3,60}?)\s*\)/u;

export function moveBirthAside(sentence: string): string {
  const match = BIRTH_ASIDE.exec(sentence);
  if (!match) return sentence;
  // "Toller Cranston, CM (born ...)": the words before the bracket are a title after the name, not
  // the name; which words are the name a rule cannot tell, so the aside stays where it is.
  if (/,\s*$/.test(sentence.slice(0, match.index))) return sentence;
  const [whole, name, born] = match as unknown as [string, string, string];
  const rest = (sentence.slice(0, match.index) + name + sentence.slice(match.index + whole.length)).replace(/\s+([,.;:!?])/g, '$1').trim();
  const end = /[.!?]["”’]?$/.test(rest) ? '' : '.';
  const when = born.trim().replace(/[,.]$/, '');
  return `${rest}${end} ${name.trim()} was born ${preposition(when)}${when}.`;
}

/** "on May 2, 1935", "on 12 April 1955", "in 1990", "in Paris"; nothing before "in ..." or "c. 1900". */
function preposition(when: string): string {
  if (/^(?:\d{1,2}\s+\p{Lu}|\p{Lu}\p{Ll}+\.?\s+\d{1,2}\b)/u.test(when)) return 'on ';
  if (/^(?:\d|\p{Lu})/u.test(when)) return 'in ';
  return '';
}
