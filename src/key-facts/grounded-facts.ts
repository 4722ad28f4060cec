import type { KeyFact } from '../core/key-facts.js';
import { extractNumbers } from '../validate/extract-numbers.js';

/**
 * The facts whose every number appears in the source, in the source's own digits or another
 * digit system (extractNumbers' canonical keys), and whose text is not empty. A model's block
 * goes through this before it is shown; so does the rule-based one, which passes by construction.
 */
export function groundedFacts(facts: readonly KeyFact[], source: string): KeyFact[] {
  const known = new Set(extractNumbers(source).flatMap((n) => n.keys));
  return facts.filter((fact) => fact.text.trim().length > 0 && extractNumbers(fact.text).every((n) => n.keys.some((k) => known.has(k))));
}
