import { capitalise, firstFiniteVerb, isFiniteVerb } from './clause-subject.js';
import { isIndependentClause } from './clause-splitter.js';
import type { DetailAdverbs } from './detail-adverbs.js';
import { dropDescriptiveModifiers, type ModifierLexicon } from './descriptive-modifiers.js';
import { isNegation, isNameLike, isNumberLike } from './protected-words.js';
import { isWord, type Token } from './tokens.js';

/**
 * Drops optional detail that a young reader can do without, the way human simplifiers do: a
 * side remark between commas ("The city, which lies on a river, is old." -> "The city is old."),
 * a trailing phrase ("..., making it popular with tourists."), an opening frame ("After a long
 * journey, they arrived." -> "They arrived."). A span goes only when
 *   - it holds no number, no name and no negation (those are what a reader must not lose),
 *   - it holds no word that limits the claim ("In some areas, ..."; "According to legend, ..."),
 *   - what is left is still a whole clause (a subject and its verb),
 * and every construction is recognised from the punctuation and the tagger's parts of speech
 * only where the reading is unambiguous; anything else stays for the clause splitter.
 */

export interface DetailOptions {
  /** Drop non-restrictive relative clauses: ", which ...", ", who ...". */
  relativeClauses: boolean;
  /** Drop a descriptive noun phrase between commas after a noun: "Jo, a local farmer, ...". */
  appositives: boolean;
  /** Drop a trailing phrase after the main clause: ", making ...", ", including ...", ", located ...". */
  trailingPhrases: boolean;
  /** Drop an opening frame before the subject: "In the early years, ...", "Tracking west, ...". */
  openingPhrases: boolean;
  /**
   * Drop adverbs of manner and story time right before the verb they modify ("rapidly grew",
   * "eventually became") and "also"/"as well". Needs a DetailAdverbs.
   */
  adverbs: boolean;
  /**
   * Drop describing adjectives and the manner or emphasis adverbs bound to the word after them
   * ("a major port" -> "a port"; see descriptive-modifiers.ts). Needs a ModifierLexicon.
   */
  modifiers: boolean;
}

/** Longest span, in words, that counts as a side remark rather than half the sentence's content. */
const MAX_SPAN_WORDS = 16;

/**
 * Words that limit or qualify a claim: dropping the phrase that holds one would turn "in some
 * areas" or "according to legend" into a plain fact. Closed classes (quantifiers, hedges,
 * attribution, conditions), listed in full.
 */
const LIMITING = new Set([
  'some', 'most', 'many', 'few', 'several', 'certain', 'much', 'more', 'less', 'least', 'mostly', 'mainly', 'partly',
  'usually', 'often', 'sometimes', 'occasionally', 'generally', 'typically', 'rarely', 'seldom', 'largely',
  'frequently', 'commonly', 'normally', 'regularly', 'constantly', 'continually', 'repeatedly', 'routinely',
  'periodically', 'always', 'primarily', 'predominantly', 'chiefly', 'principally', 'partially', 'slightly',
  'somewhat', 'relatively', 'comparatively', 'fairly', 'virtually', 'essentially', 'practically', 'nearly',
  'approximately', 'roughly', 'seemingly', 'likely', 'potentially', 'theoretically', 'arguably', 'presumably',
  'theory', 'practice', 'principle', 'general', 'case', 'cases', 'instance', 'instances', 'legend', 'tradition',
  'traditionally', 'reportedly', 'allegedly', 'supposedly', 'apparently', 'possibly', 'probably', 'perhaps', 'maybe',
  'according', 'claimed', 'believed', 'thought', 'said', 'estimated', 'if', 'unless', 'until', 'except', 'only',
  'either', 'or', 'than', 'instead', 'rather', 'other', 'others', 'otherwise', 'contrast', 'contrary', 'despite',
  'although', 'though', 'however', 'but', 'yet', 'because', 'since', 'therefore', 'thus', 'hence', 'so',
]);

/** Prepositions whose opening phrase only sets the scene (time, place, manner) for the clause after it. */
const SCENE_PREPOSITIONS = new Set([
  'in', 'on', 'at', 'during', 'throughout', 'within', 'with', 'upon', 'along', 'across', 'around', 'near', 'among',
  'amongst', 'under', 'over', 'through', 'like', 'as', 'by', 'from', 'following',
]);

/** Phrases that open a trailing list of examples or a focus; dropping them leaves the claim whole. */
const EXAMPLE_OPENERS = new Set(['including', 'especially', 'particularly', 'notably', 'like']);

/** Relative pronouns of a non-restrictive clause about the noun (or the whole clause) before the comma. */
const RELATIVES = new Set(['which', 'who', 'whom', 'whose']);

/** True for a word that limits or qualifies a claim ("some", "usually", "according"). */
export function isLimiting(token: Token): boolean {
  return LIMITING.has(token.normal);
}

export function dropOptionalDetail(tokens: readonly Token[], options: DetailOptions, adverbs?: DetailAdverbs, modifiers?: ModifierLexicon): Token[] {
  let out = options.adverbs && adverbs ? dropAdverbs([...tokens], adverbs) : [...tokens];
  // Each pass drops one span; a sentence rarely has more than a few side remarks.
  for (let pass = 0; pass < 6; pass++) {
    const next = dropOne(out, options);
    if (!next) break;
    out = next;
  }
  if (options.modifiers && modifiers) out = dropDescriptiveModifiers(out, modifiers, isLimiting);
  return out.some(isWord) ? out : [...tokens];
}

function dropOne(tokens: Token[], options: DetailOptions): Token[] | null {
  if (options.openingPhrases) {
    const dropped = dropOpeningPhrase(tokens);
    if (dropped) return dropped;
  }
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!isPlainComma(tokens[i]!)) continue;
    const word = tokens[i + 1]!;
    if (options.relativeClauses && RELATIVES.has(word.normal)) {
      const dropped = dropSideRemark(tokens, i, true);
      if (dropped) return dropped;
    }
    if (options.appositives && isAppositiveStart(tokens, i)) {
      const dropped = dropSideRemark(tokens, i, false);
      if (dropped) return dropped;
    }
    if (options.trailingPhrases && isTrailingPhraseStart(tokens, i)) {
      const dropped = dropToEnd(tokens, i);
      if (dropped) return dropped;
    }
  }
  return null;
}

/** A comma and nothing else after the word: no quote, bracket or dash that a cut could unbalance. */
function isPlainComma(token: Token): boolean {
  return /^,\s*$/.test(token.post);
}

/** True when no word of the span is a number, a name or a negation, or limits the claim. */
export function isOptionalSpan(span: readonly Token[], sentenceInitial = false): boolean {
  const words = span.filter(isWord);
  if (words.length === 0 || words.length > MAX_SPAN_WORDS) return false;
  return span.every((t, k) => {
    if (/["“”()[\]{}]/.test(t.pre + t.post)) return false;
    if (isNumberLike(t) || isNegation(t) || isNameLike(t, sentenceInitial && k === 0)) return false;
    return !LIMITING.has(t.normal);
  });
}

/** Index of the last token of the stretch that starts at `from`: the next , ; : or the sentence end. */
function stretchEnd(tokens: readonly Token[], from: number): number {
  for (let j = from; j < tokens.length - 1; j++) if (/[,;:]/.test(tokens[j]!.post)) return j;
  return tokens.length - 1;
}

/**
 * Drops the remark that follows the comma after tokens[comma]: either it runs to the end of the
 * sentence, or it sits between the subject and its verb and a comma closes it.
 */
function dropSideRemark(tokens: Token[], comma: number, relative: boolean): Token[] | null {
  const end = stretchEnd(tokens, comma + 1);
  const span = tokens.slice(comma + 1, end + 1);
  if (!isOptionalSpan(span)) return null;
  // A relative clause needs its own verb ("which was built"); an appositive has none ("a farmer").
  const verb = firstFiniteVerb(span) >= 0 || span.some((t) => t.tags.has('Verb'));
  if (relative !== verb) return null;
  const head = tokens.slice(0, comma + 1);
  if (end === tokens.length - 1) {
    if (!isIndependentClause(head)) return null;
    return closeSentence(head, tokens[end]!);
  }
  // In the middle: only between a subject and its verb ("The city, which ..., is old"), so that
  // nothing else can be what the comma closes (a list, a second clause).
  if (!isPlainComma(tokens[end]!)) return null;
  if (firstFiniteVerb(tokens, 0, comma + 1) >= 0) return null;
  const after = tokens.slice(end + 1);
  let v = 0;
  while (after[v]?.tags.has('Adverb')) v++;
  if (!after[v] || !isFiniteVerb(after[v]!, undefined)) return null;
  const joined = [...head.slice(0, -1), { ...head[head.length - 1]!, post: ' ' }, ...after];
  return isIndependentClause(joined) ? joined : null;
}

/** ", a/the NOUN ..." after a noun: a description of it. */
function isAppositiveStart(tokens: readonly Token[], comma: number): boolean {
  const noun = tokens[comma]!;
  const first = tokens[comma + 1]!;
  if (!noun.tags.has('Noun') || noun.tags.has('Pronoun')) return false;
  if (!['a', 'an', 'the', 'one'].includes(first.normal)) return false;
  // "A, B, the C and D": a noun that is itself one item of a list.
  let k = comma - 1;
  while (k >= 0 && !/[,;:]/.test(tokens[k]!.post)) k--;
  if (k >= 0 && !tokens.slice(k + 1, comma).some((t) => isFiniteVerb(t, undefined))) {
    const before = tokens.slice(0, k + 1);
    if (firstFiniteVerb(before) < 0) return false;
  }
  const end = stretchEnd(tokens, comma + 1);
  return !tokens.slice(comma + 1, end + 1).some((t) => t.tags.has('Conjunction') || t.tags.has('Pronoun') || t.tags.has('QuestionWord'));
}

/** ", including ...", ", such as ...": examples that hang off a whole clause. */
function isTrailingPhraseStart(tokens: readonly Token[], comma: number): boolean {
  const word = tokens[comma + 1]!;
  if (EXAMPLE_OPENERS.has(word.normal)) return true;
  if (word.normal === 'such' && tokens[comma + 2]?.normal === 'as') return true;
  // A trailing verb phrase ("..., becoming the first ...", "..., built of stone") states a fact:
  // the splitter gives it a sentence of its own instead. Only examples are asides.
  return false;
}

/** Drops everything after the comma, when all of it is optional and no second clause is in it. */
function dropToEnd(tokens: Token[], comma: number): Token[] | null {
  const span = tokens.slice(comma + 1);
  if (!isOptionalSpan(span)) return null;
  // A later stretch with its own finite verb may be a second main clause ("..., and he left").
  for (let j = comma + 1; j < tokens.length; j++) if (isFiniteVerb(tokens[j]!, tokens[j - 1])) return null;
  const head = tokens.slice(0, comma + 1);
  if (!isIndependentClause(head)) return null;
  return closeSentence(head, tokens[tokens.length - 1]!);
}

/** "In the early years, they ..." -> "They ...". */
function dropOpeningPhrase(tokens: Token[]): Token[] | null {
  const comma = tokens.findIndex((t) => /[,;:]/.test(t.post));
  if (comma < 0 || !isPlainComma(tokens[comma]!)) return null;
  const phrase = tokens.slice(0, comma + 1);
  const first = phrase[0]!;
  // Only a phrase that sets the scene (time, place, manner) is an aside. A participle phrase
  // ("Using this energy,", "Built in stone,") says what the subject does or is: it carries the idea.
  const scene = SCENE_PREPOSITIONS.has(first.normal) && first.tags.has('Preposition');
  if (!scene || phrase.some((t) => isFiniteVerb(t, undefined))) return null;
  if (!isOptionalSpan(phrase, true)) return null;
  const rest = tokens.slice(comma + 1);
  if (!isIndependentClause(rest)) return null;
  const head = rest[0]!;
  const text = isNameLike(head, false) || head.text === 'I' ? head.text : capitalise(head.text);
  return [{ ...head, pre: first.pre + head.pre.trimStart(), text }, ...rest.slice(1)];
}

/** The head with the sentence's closing punctuation moved onto its last word. */
function closeSentence(head: Token[], last: Token): Token[] {
  const ending = /[.!?]["”’]?\s*$/.exec(last.post)?.[0] ?? '.';
  const final = head[head.length - 1]!;
  return [...head.slice(0, -1), { ...final, post: ending }];
}

/** "and also" and "but also" need their "also" (as does "not only ... but also"). */
const KEEPS_ALSO = new Set(['but', 'and']);

function dropAdverbs(tokens: Token[], adverbs: DetailAdverbs): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = out[out.length - 1];
    const next = tokens[i + 1];
    // "... as well." at the end of a clause.
    if (token.normal === 'as' && next?.normal === 'well' && token.post.trim() === '' && previous && previous.post.trim() === '' && /^[.!?;]/.test(next.post.trim())) {
      out[out.length - 1] = { ...previous, post: next.post };
      i++;
      continue;
    }
    if (previous && next && isDroppableAdverb(tokens, i, adverbs)) continue;
    out.push(token);
  }
  return out.some(isWord) ? out : tokens;
}

function isDroppableAdverb(tokens: readonly Token[], i: number, adverbs: DetailAdverbs): boolean {
  const token = tokens[i]!;
  const previous = tokens[i - 1]!;
  const next = tokens[i + 1]!;
  if (!token.tags.has('Adverb') || token.post.trim() !== '' || previous.post.trim() !== '') return false;
  if (isNegation(token) || isNumberLike(next) || LIMITING.has(token.normal)) return false;
  if (token.normal === 'also') {
    // "is also the capital", "also became": never in "not only ... but also".
    if (KEEPS_ALSO.has(previous.normal) || tokens.slice(0, i).some((t, k) => t.normal === 'not' && tokens[k + 1]?.normal === 'only')) return false;
    return previous.tags.has('Verb') || next.tags.has('Verb');
  }
  if (!adverbs.isOptional(token.normal)) return false;
  // Only between the subject and its own finite verb ("The storm rapidly grew"): after "is" or
  // "was" the word after may be a participle that describes ("is irregularly shaped", "was
  // densely populated"), and there the adverb is part of the description.
  if (!(previous.tags.has('Noun') || previous.tags.has('Pronoun')) || previous.tags.has('Verb')) return false;
  const { tags } = next;
  return (tags.has('PastTense') || tags.has('PresentTense')) && !tags.has('Auxiliary') && !tags.has('Copula') && !tags.has('Modal') && !tags.has('Passive');
}
