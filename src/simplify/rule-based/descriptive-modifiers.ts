import type { DetailAdverbs } from './detail-adverbs.js';
import type { EmphasisAdverbs } from './emphasis-adverbs.js';
import { isNegation, isNameLike, isNumberLike } from './protected-words.js';
import { articleBefore } from './indefinite-article.js';
import { isWord, type Token } from './tokens.js';
import { WordDecisionCache } from './word-decision-cache.js';
import type { WordNet } from './wordnet.js';

/**
 * Drops the describing words a young reader can do without, as ASSET's human simplifiers do
 * ("a major port" -> "a port", "severely damaged homes" -> "damaged homes"): adjectives that
 * describe a thing rather than say which kind of thing it is, and manner or emphasis adverbs bound
 * to the adjective, participle or verb after them. What stays, always:
 *   - classifying adjectives, which name a kind: WordNet marks them as pertaining to a noun
 *     ("solar" -> sun, "religious" -> religion), or the pair is itself a WordNet noun ("civil war",
 *     "high school", "brown dwarf");
 *   - adjectives that limit, negate or turn the noun into something else: "former", "fake",
 *     "only", "other", "next", "compulsory", "free", "unsafe" (closed list below, plus the negative
 *     prefixes), and comparatives and superlatives ("the largest city" is one city);
 *   - colours and words of number, order, time, place or quantity;
 *   - a word with a number, name or negation beside it, or an adverb before it ("very big").
 */

/**
 * Adjectives whose loss changes what the noun refers to or what the reader must do: privative
 * ("former", "fake"), restrictive ("only", "other", "same"), time and order ("next", "annual"),
 * quantity ("whole", "half"), obligation and permission ("compulsory", "free"), safety and state
 * ("dangerous", "sick", "dead"), direction and side. Closed classes, listed in full.
 */
const MEANING_ADJECTIVES = new Set([
  // privative and hedged
  'former', 'fake', 'false', 'counterfeit', 'alleged', 'artificial', 'imitation', 'mock', 'pseudo', 'so-called',
  'fictional', 'fictitious', 'imaginary', 'virtual', 'potential', 'possible', 'likely', 'apparent', 'supposed',
  'ex', 'erstwhile', 'toy', 'replica', 'faux', 'phony', 'nominal', 'hypothetical', 'proposed', 'planned',
  'intended', 'failed', 'unsuccessful', 'would-be', 'probable', 'presumed', 'suspected', 'unconfirmed',
  // restrictive and comparing
  'only', 'sole', 'single', 'other', 'same', 'different', 'similar', 'opposite', 'own', 'such', 'certain',
  'particular', 'specific', 'main', 'chief', 'principal', 'primary', 'secondary', 'exact', 'approximate',
  'real', 'actual', 'true', 'original', 'typical', 'usual', 'normal', 'standard', 'special', 'general',
  'common', 'rare', 'unique', 'various', 'separate', 'individual', 'joint', 'mutual', 'respective',
  // time and order
  'first', 'second', 'third', 'last', 'final', 'next', 'previous', 'prior', 'following', 'subsequent',
  'preceding', 'early', 'late', 'earlier', 'later', 'past', 'present', 'current', 'future', 'recent', 'new',
  'old', 'young', 'ancient', 'modern', 'contemporary', 'daily', 'weekly', 'monthly', 'yearly', 'annual',
  'seasonal', 'temporary', 'permanent', 'provisional', 'interim', 'initial', 'consecutive', 'overnight',
  // quantity and extent
  'whole', 'entire', 'total', 'full', 'half', 'double', 'triple', 'partial', 'complete', 'maximum',
  'minimum', 'extra', 'additional', 'further', 'many', 'few', 'several', 'numerous', 'multiple', 'much',
  'more', 'most', 'less', 'least', 'enough', 'sufficient', 'excess', 'net', 'gross', 'average', 'equal',
  'all', 'every', 'each', 'both', 'either', 'neither', 'any', 'no', 'some',
  // obligation, permission, status
  'compulsory', 'mandatory', 'obligatory', 'required', 'necessary', 'essential', 'optional', 'voluntary',
  'free', 'paid', 'unpaid', 'allowed', 'permitted', 'prohibited', 'forbidden', 'banned', 'legal', 'illegal',
  'valid', 'invalid', 'official', 'unofficial', 'public', 'private', 'personal', 'confidential', 'urgent',
  'independent', 'open', 'closed', 'available', 'unavailable', 'due', 'overdue', 'pending', 'approved',
  // safety, health, life
  'dangerous', 'safe', 'unsafe', 'harmful', 'harmless', 'toxic', 'poisonous', 'deadly', 'fatal', 'lethal',
  'sick', 'ill', 'healthy', 'injured', 'wounded', 'dead', 'alive', 'live', 'living', 'extinct', 'endangered',
  'wild', 'domestic', 'tame', 'male', 'female', 'pregnant', 'blind', 'deaf', 'disabled', 'empty', 'hot',
  'cold', 'wet', 'dry', 'raw', 'cooked', 'frozen', 'fresh', 'clean', 'dirty', 'broken', 'missing', 'lost',
  // direction and place
  'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central', 'upper', 'lower',
  'inner', 'outer', 'left', 'right', 'top', 'bottom', 'front', 'back', 'rear', 'middle', 'near', 'far',
  'nearby', 'local', 'national', 'international', 'foreign', 'domestic', 'overseas', 'urban', 'rural',
  'internal', 'external', 'underground', 'offshore', 'inland', 'coastal',
  // degree of a measurable thing ("a high fever", "low tide")
  'high', 'low', 'heavy', 'light', 'strong', 'weak', 'mild', 'severe', 'acute', 'chronic', 'critical',
]);

const COLOURS = new Set([
  'red', 'blue', 'green', 'yellow', 'black', 'white', 'brown', 'grey', 'gray', 'orange', 'purple', 'pink', 'golden',
  'gold', 'silver', 'dark', 'light', 'pale', 'bright', 'violet', 'crimson', 'scarlet',
]);

/** "unsafe", "illegal", "nonstop": the opposite of a word WordNet also knows; dropping it loses the "not". */
const NEGATIVE_PREFIX = /^(un|in|il|im|ir|dis|non|anti|mis)/;

/** Adverbs that sit before a verb but limit it rather than describe it ("still", "now", "just"). */
const TIME_AND_FOCUS = new Set(['still', 'now', 'then', 'already', 'yet', 'again', 'just', 'even', 'ever', 'once', 'soon', 'later', 'also', 'only']);

/** Forms of "be": after one, a participle describes ("is densely populated") and its adverb stays with it. */
const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", "'re", 'am']);

export class DescriptiveAdjectives {
  private readonly optional = new WordDecisionCache((w) => this.decide(w));

  constructor(private readonly wordnet: WordNet) {}

  /** True when the adjective only describes, so that a young reader can do without it. */
  isOptional(word: string): boolean {
    return this.optional.test(word);
  }

  /** True when "adjective noun" is a name for a kind of thing in WordNet ("civil war", "brown dwarf"). */
  isCompound(adjective: string, noun: Token): boolean {
    return this.wordnet.entry(`${adjective} ${noun.root ?? noun.normal}`, 'n') !== undefined || this.wordnet.entry(`${adjective} ${noun.normal}`, 'n') !== undefined;
  }

  private decide(w: string): boolean {
    if (!/^[a-z]{3,}$/.test(w) || MEANING_ADJECTIVES.has(w) || COLOURS.has(w)) return false;
    const senses = this.wordnet.synsets(w, 'a');
    if (senses.length === 0) return false;
    const prefix = NEGATIVE_PREFIX.exec(w)?.[0];
    if (prefix && this.wordnet.entry(w.slice(prefix.length), 'a')) return false;
    // "\" points from a relational adjective to the noun it pertains to: "solar" names a kind.
    return !senses.some((s) => s.pointers.includes('\\'));
  }
}

export interface ModifierLexicon {
  adjectives: DescriptiveAdjectives;
  adverbs: DetailAdverbs;
  emphasis: EmphasisAdverbs;
}

/** Drops optional describing adjectives and the adverbs bound to the words after them. */
export function dropDescriptiveModifiers(tokens: readonly Token[], lexicon: ModifierLexicon, isLimiting: (t: Token) => boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const droppable = isDroppableAdjective(tokens, i, lexicon, isLimiting) || isDroppableAdverb(tokens, i, lexicon, isLimiting);
    if (!droppable) {
      out.push(token);
      continue;
    }
    const kept = out[out.length - 1];
    const next = tokens[i + 1];
    if (!kept) continue;
    // "grew quickly." -> "grew.": the clause's closing punctuation moves onto the word before;
    // "an important city" -> "a city": an article follows the word that now comes after it.
    const closed = token.post === ' ' ? kept : { ...kept, post: token.post };
    out[out.length - 1] = next ? articleBefore(closed, next.text) : closed;
  }
  return out.some(isWord) ? out : [...tokens];
}

/** Nothing but a space on either side: no comma, bracket, quote or hyphen that a cut could break. */
function isBound(tokens: readonly Token[], i: number, clauseEnd = false): boolean {
  const token = tokens[i]!;
  const previous = tokens[i - 1];
  const post = token.post === ' ' || (clauseEnd && /^[,.;:!?]\s*$/.test(token.post));
  return token.pre === '' && post && previous !== undefined && previous.post === ' ' && /^[a-z]+$/.test(token.text);
}

function isDroppableAdjective(tokens: readonly Token[], i: number, lexicon: ModifierLexicon, isLimiting: (t: Token) => boolean): boolean {
  const token = tokens[i]!;
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  if (!previous || !next || !isBound(tokens, i)) return false;
  const { tags } = token;
  if (!tags.has('Adjective') || tags.has('Noun') || tags.has('Comparative') || tags.has('Superlative') || tags.has('Verb')) return false;
  if (isNegation(token) || isNumberLike(token) || isNameLike(token, false) || isLimiting(token)) return false;
  // Attributive only: right before its noun, or before another adjective of that noun ("a major
  // commercial centre"). "The house is big" keeps its predicate.
  const noun = next.tags.has('Adjective') && next.post === ' ' && !next.tags.has('Noun') ? tokens[i + 2] : next;
  if (!noun?.tags.has('Noun') || noun.tags.has('Pronoun') || isNumberLike(noun) || isNumberLike(next)) return false;
  // "very big house", "more famous", "as large": the word before it belongs to it.
  if (previous.tags.has('Adverb') || isNumberLike(previous) || ['more', 'most', 'less', 'least', 'as', 'so', 'too', 'how'].includes(previous.normal)) return false;
  return lexicon.adjectives.isOptional(token.normal) && !lexicon.adjectives.isCompound(token.normal, next);
}

function isDroppableAdverb(tokens: readonly Token[], i: number, lexicon: ModifierLexicon, isLimiting: (t: Token) => boolean): boolean {
  const token = tokens[i]!;
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  if (!previous || !isBound(tokens, i, true) || !token.tags.has('Adverb')) return false;
  if (isNegation(token) || isLimiting(token) || TIME_AND_FOCUS.has(token.normal) || (next && isNumberLike(next))) return false;
  const manner = lexicon.adverbs.isOptional(token.normal);
  const emphasis = lexicon.emphasis.isEmphasis(token.normal);
  if (!manner && !emphasis) return false;
  // After its verb ("slid easily through", "grew quickly."), where it can only describe the verb.
  if (previous.tags.has('Verb') && !previous.tags.has('Auxiliary') && !BE_FORMS.has(previous.normal)) {
    if (token.post !== ' ' || !next) return true;
    if (next.tags.has('Determiner') || next.tags.has('Preposition')) return true;
  }
  if (!next || token.post !== ' ') return false;
  const { tags } = next;
  // Bound to a describing word or a verb; before a noun phrase ("especially Sweden") it picks out part of the claim.
  if (tags.has('Noun') || !(tags.has('Adjective') || tags.has('Verb'))) return false;
  // "is densely populated", "was irregularly shaped": after "be" the manner adverb is the description.
  if (manner && BE_FORMS.has(previous.normal)) return false;
  return true;
}
