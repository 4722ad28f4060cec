import { isNegation, isNameLike, isNumberLike } from './protected-words.js';
import { isWord, type Token } from './tokens.js';
import type { EmphasisAdverbs } from './emphasis-adverbs.js';

/**
 * Drops words that add little for a young reader: adverbs that only add emphasis ("particularly
 * famous", "also", "very"; see EmphasisAdverbs) and linking words that only say "and also" ("Moreover,"); writes
 * "However," as "But". Never drops a negation, a number or a name.
 */

export interface TrimOptions {
  /** Drop emphasis adverbs ("also", "very", "particularly") where they modify the next word. */
  dropEmptyAdverbs: boolean;
  dropOpeningConnectives: boolean;
}

/**
 * Sentence-opening links that only signal "and also" or "as said". Closed class, listed in full;
 * contrast ("However") and cause ("Therefore") carry meaning and stay.
 */
const ADDITIVE_CONNECTIVES = [
  ['moreover'], ['furthermore'], ['additionally'], ['in', 'addition'], ['also'], ['besides'], ['indeed'],
  ['notably'], ['in', 'fact'], ['of', 'course'], ['meanwhile'],
];

/** "even if", "even though": there the adverb is part of a connective and changes its meaning. */
const CONNECTIVE_AFTER = new Set(['than', 'though', 'if', 'as', 'so', 'when', 'after', 'before', 'more', 'less']);

// What an emphasis adverb may stand before: the adjective, verb or adverb it strengthens. Before a
// noun phrase ("especially Sweden", "even the simplest") it picks out part of the claim: it stays.
const MODIFIABLE = ['Adjective', 'Verb', 'Adverb'];

export function trimModifiers(tokens: readonly Token[], options: TrimOptions, emphasis: EmphasisAdverbs): Token[] {
  let out = [...tokens];
  if (options.dropOpeningConnectives) out = dropOpeningConnective(out);
  if (options.dropEmptyAdverbs) out = dropEmptyAdverbs(out, emphasis);
  return out.length > 0 && out.some(isWord) ? out : [...tokens];
}

/** Only the opening-connective step, for sentences a split created. */
export function trimOpening(tokens: readonly Token[], options: TrimOptions): Token[] {
  if (!options.dropOpeningConnectives) return [...tokens];
  const out = dropOpeningConnective([...tokens]);
  return out.some(isWord) ? out : [...tokens];
}

function dropOpeningConnective(tokens: Token[]): Token[] {
  const first = tokens[0];
  // "However, X" and "X, however, Y" say "but": the plain word is easier.
  if (first?.normal === 'however' && first.post.includes(',') && tokens.length > 3) {
    return [{ ...first, text: 'But', normal: 'but', post: ' ' }, ...tokens.slice(1)];
  }
  const inner = tokens.findIndex((t, i) => i > 0 && t.normal === 'however' && t.post.includes(',') && tokens[i - 1]!.post.includes(','));
  if (inner > 0 && firstFiniteVerbAfter(tokens, inner)) {
    const before = tokens.slice(0, inner).map((t, k) => (k === inner - 1 ? { ...t, post: t.post.replace(',', '') } : t));
    const opening = { ...before[0]!, text: lowerFirst(before[0]!), pre: '' };
    return [{ pre: before[0]!.pre, text: 'But', post: ' ', normal: 'but', tags: new Set(['Conjunction']) }, opening, ...before.slice(1), ...tokens.slice(inner + 1)];
  }
  for (const words of ADDITIVE_CONNECTIVES) {
    const last = tokens[words.length - 1];
    if (!last || !last.post.includes(',')) continue;
    if (!words.every((w, i) => tokens[i]!.normal === w)) continue;
    const rest = tokens.slice(words.length);
    if (rest.filter(isWord).length < 3) return tokens;
    return capitaliseFirst(rest, tokens[0]!.pre);
  }
  return tokens;
}

function dropEmptyAdverbs(tokens: Token[], emphasis: EmphasisAdverbs): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const droppable =
      token.tags.has('Adverb') &&
      emphasis.isEmphasis(token.normal) &&
      !isNegation(token) &&
      !isNameLike(token, i === 0) &&
      // Only an adverb bound to the word after it, with no punctuation between.
      token.post.trim() === '' &&
      !(tokens[i - 1]?.post ?? '').includes(',') &&
      next !== undefined &&
      !next.tags.has('Noun') &&
      !CONNECTIVE_AFTER.has(next.normal) &&
      MODIFIABLE.some((t) => next.tags.has(t)) &&
      !isNumberLike(next);
    if (!droppable) {
      out.push(token);
      continue;
    }
    if (i === 0 && next) {
      // The sentence now starts at the next word: give it the capital and the opening punctuation.
      tokens[i + 1] = { ...next, pre: token.pre + next.pre, text: capitalise(next.text) };
    }
  }
  return out;
}

function firstFiniteVerbAfter(tokens: Token[], index: number): boolean {
  const next = tokens[index + 1];
  return next !== undefined && next.tags.has('Verb');
}

/** The word with a lower-case first letter, unless it is a name or "I". */
function lowerFirst(token: Token): string {
  if (isNameLike(token, true) || token.text === 'I') return token.text;
  return token.text.charAt(0).toLowerCase() + token.text.slice(1);
}

function capitalise(text: string): string {
  return /^\p{Ll}/u.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function capitaliseFirst(tokens: Token[], pre: string): Token[] {
  const [first, ...rest] = tokens;
  if (!first) return tokens;
  return [{ ...first, pre: pre + first.pre.trimStart(), text: capitalise(first.text) }, ...rest];
}
