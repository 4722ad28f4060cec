import type { Token } from './tokens.js';

/**
 * Tells an instruction ("Bring a packed lunch", "Students must wear black shoes", "Kindly deposit
 * the fee") from a statement. In an instruction every detail is part of what the reader must do:
 * the simplifier may shorten its words but never drops its side detail or describing words, at
 * any grade ("Bring a lunch" is not what the school asked for).
 */

/** Words of obligation, request and permission. Closed class, listed in full. */
const OBLIGATION_WORDS = new Set([
  'must', 'should', 'shall', 'ought', 'required', 'requested', 'mandatory', 'compulsory', 'obligatory', 'please',
  'kindly', 'ensure', 'remember', 'allowed', 'permitted', 'forbidden', 'prohibited',
  'expected', 'advised', 'instructed', 'asked',
]);

const TO_OBLIGATION = new Set(['have', 'has', 'had', 'need', 'needs', 'needed']);

export function isInstruction(tokens: readonly Token[]): boolean {
  const first = tokens[0];
  // "Bring ...", "Please bring ...": a sentence that opens with a bare verb speaks to the reader.
  if (first && (first.tags.has('Imperative') || (first.tags.has('Infinitive') && first.tags.has('Verb') && !first.tags.has('Noun')))) return true;
  // "have to", "needs to": obligation; "plants need water" is not.
  return tokens.some((t, i) => OBLIGATION_WORDS.has(t.normal) || (TO_OBLIGATION.has(t.normal) && tokens[i + 1]?.normal === 'to'));
}
