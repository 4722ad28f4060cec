/**
 * The what-if behind the SARI target: cut each output line after its first comma (when at least
 * four tokens precede it), optionally sparing a tail that holds a number or a negation, or also
 * a name. It is not a simplification step (it throws meaning away); `bench:simplify --cuts` runs
 * it on top of the rule-based output to show what the SARI 36 target would cost.
 */
import { isNameLike, isNegation, isNumberLike } from '../../src/simplify/rule-based/protected-words.js';
import { joinTokens, tagTokens } from '../../src/simplify/rule-based/tokens.js';

export type CommaCutSparing = 'nothing' | 'numbers' | 'numbers-and-names';

export function cutAfterFirstComma(line: string, sparing: CommaCutSparing): string {
  const tokens = tagTokens(line);
  const comma = tokens.findIndex((t) => /^,\s*$/.test(t.post));
  if (comma < 3) return line;
  const tail = tokens.slice(comma + 1);
  const spared = tail.some((t) => isNegation(t) || (sparing !== 'nothing' && isNumberLike(t)) || (sparing === 'numbers-and-names' && isNameLike(t, false)));
  if (spared) return line;
  const head = tokens.slice(0, comma + 1);
  head[comma] = { ...head[comma]!, post: '.' };
  return joinTokens(head);
}
