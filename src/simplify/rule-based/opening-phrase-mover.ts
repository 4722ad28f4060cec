import { capitalise, firstFiniteVerb } from './clause-subject.js';
import { isNameLike } from './protected-words.js';
import type { Token } from './tokens.js';

/**
 * "In 1990, the school opened." -> "The school opened in 1990." A young reader meets the subject
 * first. Only a short phrase that opens with a preposition moves, and only in front of a single
 * clause (no further commas), so that it cannot end up attached to the wrong clause.
 */

const MAX_PHRASE_WORDS = 6;
// Prepositions whose phrase reads the same at the end of the clause. "Of ..." (partitive) and
// "For ..." (often "for example") do not.
const MOVABLE = new Set(['in', 'on', 'at', 'during', 'after', 'before', 'since', 'until', 'by', 'throughout', 'within', 'from', 'under', 'near']);

export function moveOpeningPhrase(tokens: readonly Token[]): Token[] {
  const first = tokens[0];
  if (!first || !MOVABLE.has(first.normal)) return [...tokens];
  const comma = tokens.findIndex((t) => /[,;:]/.test(t.post));
  if (comma < 1 || comma >= MAX_PHRASE_WORDS) return [...tokens];
  if (!tokens[comma]!.post.includes(',')) return [...tokens];
  const phrase = tokens.slice(0, comma + 1);
  const rest = tokens.slice(comma + 1);
  if (rest.length < 3 || phrase.some((t) => t.tags.has('Verb'))) return [...tokens];
  // The clause after it: one clause, with a verb, ending the sentence.
  if (rest.slice(0, -1).some((t) => /[,;:()"“”]/.test(t.post + t.pre)) || firstFiniteVerb(rest) < 0) return [...tokens];
  const last = rest[rest.length - 1]!;
  const ending = /[.!?]["”’]?\s*$/.exec(last.post);
  if (!ending) return [...tokens];
  const movedFirst = { ...phrase[0]!, pre: '', text: isNameLike(phrase[0]!, true) ? phrase[0]!.text : phrase[0]!.text.toLowerCase() };
  const moved = [movedFirst, ...phrase.slice(1)].map((t, k, all) => (k === all.length - 1 ? { ...t, post: ending[0] } : t));
  const head = rest[0]!;
  return [
    { ...head, pre: first.pre + head.pre.trimStart(), text: capitalise(head.text) },
    ...rest.slice(1, -1),
    { ...last, post: last.post.slice(0, ending.index) + ' ' },
    ...moved,
  ];
}
