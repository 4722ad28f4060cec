import { conjugate } from './inflection.js';
import { isNameLike } from './protected-words.js';
import { syntheticToken, type Token } from './tokens.js';

/**
 * What a split-off clause needs to stand alone: who it is about (the main clause's subject, or the
 * noun before the comma) and the main clause's tense, so that "..., becoming the first woman" can
 * be written "She became the first woman" — or, since a rule cannot know "she", "Marie Curie
 * became the first woman".
 */

export type Tense = 'past' | 'present';

export interface Referent {
  /** The words to open the new sentence with. */
  words: Token[];
  plural: boolean;
  /** How many tokens of the sentence the phrase spans (for a pronoun: the phrase it stands for). */
  length: number;
}

const PLURAL_VERBS = new Set(['are', 'were', 'have', 'do']);
const SINGULAR_VERBS = new Set(['is', 'was', 'has', 'does']);
const OPENERS = new Set(['but', 'and', 'so', 'then', 'yet', 'also', 'however']);
const PRONOUNS = new Set(['he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'these', 'those', 'that']);
const PLURAL_PRONOUNS = new Set(['they', 'we', 'these', 'those', 'you']);

export function isFiniteVerb(token: Token, previous: Token | undefined): boolean {
  const { tags } = token;
  if (!tags.has('Verb') || tags.has('Gerund')) return false;
  if (previous?.normal === 'to') return false;
  return tags.has('PastTense') || tags.has('PresentTense') || tags.has('Copula') || tags.has('Modal') || tags.has('Auxiliary');
}

/** Index of the first finite verb at or after `from`, before `to`, or -1. */
export function firstFiniteVerb(tokens: readonly Token[], from = 0, to = tokens.length): number {
  for (let i = from; i < to; i++) if (isFiniteVerb(tokens[i]!, tokens[i - 1])) return i;
  return -1;
}

/** The tense of the first finite verb in tokens[0..end). Present when none is found. */
export function tenseOf(tokens: readonly Token[], end = tokens.length): Tense {
  const verb = firstFiniteVerb(tokens, 0, end);
  if (verb < 0) return 'present';
  const token = tokens[verb]!;
  return token.tags.has('PastTense') || ['was', 'were', 'had', 'did'].includes(token.normal) ? 'past' : 'present';
}

/** The main clause's subject: the words before its first finite verb, after any opening phrase. */
export function mainSubject(tokens: readonly Token[]): Referent | null {
  let start = 0;
  const verb = firstFiniteVerb(tokens);
  if (verb <= 0) return null;
  // Skip an opening phrase ("In 1990, ...") that ends in a comma before the verb, and a linking
  // word that opens the sentence ("But", "Then").
  for (let i = 0; i < verb; i++) if (tokens[i]!.post.includes(',')) start = i + 1;
  while (start < verb && OPENERS.has(tokens[start]!.normal)) start++;
  let end = verb;
  while (end > start && tokens[end - 1]!.tags.has('Adverb')) end--;
  // The verb tells the number when the tagger does not ("troops have" is plural).
  const agreement = PLURAL_VERBS.has(tokens[verb]!.normal) ? true : SINGULAR_VERBS.has(tokens[verb]!.normal) ? false : undefined;
  return referentFor(tokens.slice(start, end), agreement);
}

/** The noun phrase that ends at `index` (the word before a comma), read backwards. */
export function phraseEndingAt(tokens: readonly Token[], index: number): Referent | null {
  let start = index;
  while (start > 0) {
    const previous = tokens[start - 1]!;
    // A word glued on ("Wi-" of "Wi-Fi") or a name that goes on further back: no clean phrase.
    if (!/\s/.test(previous.post)) return null;
    if (previous.post.trim() !== '') break;
    const { tags } = previous;
    if (!(tags.has('Noun') || tags.has('Adjective') || tags.has('Determiner') || tags.has('Possessive') || tags.has('Value'))) break;
    if (index - start >= 5) return null;
    start--;
    if (tags.has('Determiner')) break;
  }
  const previous = tokens[start - 1];
  if (previous && previous.post.trim() === '' && isNameLike(previous, false) && isNameLike(tokens[start]!, false)) return null;
  return referentFor(tokens.slice(start, index + 1));
}

/**
 * How to name a phrase at the start of a new sentence: a pronoun as it is; a name or a person
 * repeated (a rule cannot tell "he" from "she"); a thing as "It" or "They".
 */
export function referentFor(phrase: readonly Token[], pluralByAgreement?: boolean): Referent | null {
  if (phrase.length === 0) return null;
  if (phrase.length > 6) return pronounForLongPhrase(phrase, pluralByAgreement);
  if (phrase.some((t, i) => (i < phrase.length - 1 && /[,;:]/.test(t.post)) || /[()[\]"“”]/.test(t.pre + t.post))) return null;
  const head = phrase[phrase.length - 1]!;
  if (!head.tags.has('Noun') && !head.tags.has('Pronoun')) return null;
  if (phrase.length === 1 && PRONOUNS.has(head.normal)) {
    const word = head.normal === 'i' ? 'I' : capitalise(head.normal);
    return { words: [syntheticToken(word, ['Pronoun'])], plural: PLURAL_PRONOUNS.has(head.normal), length: 1 };
  }
  const plural = pluralByAgreement ?? head.tags.has('Plural');
  const person = phrase.some((t) => t.tags.has('Person') || t.tags.has('Actor'));
  // The phrase's first word may be capitalised only because it opened the sentence.
  const named = phrase.some((t, i) => isNameLike(t, i === 0));
  const length = phrase.length;
  if (plural && !named) return { words: [syntheticToken('They', ['Pronoun'])], plural: true, length };
  if (named || person) {
    const words = phrase.map((t) => ({ ...t, pre: '', post: ' ' }));
    const first = words[0]!;
    if (first.normal === 'a' || first.normal === 'an') words[0] = syntheticToken('The', ['Determiner']);
    else words[0] = { ...first, text: capitalise(first.text) };
    return { words, plural, length };
  }
  return { words: [syntheticToken('It', ['Pronoun'])], plural: false, length };
}

/**
 * "An earlier incarnation of the Wheat Kings" is too long to repeat: its head ("An earlier
 * incarnation", the words before the first preposition) tells "It" from "They". A name or a person
 * in the head cannot be replaced by a pronoun that a rule is sure of, so those give null.
 */
function pronounForLongPhrase(phrase: readonly Token[], pluralByAgreement?: boolean): Referent | null {
  const preposition = phrase.findIndex((t, i) => i > 0 && t.tags.has('Preposition'));
  if (preposition < 1) return null;
  const head = phrase.slice(0, preposition);
  const noun = head[head.length - 1]!;
  if (!noun.tags.has('Noun') || noun.tags.has('Pronoun')) return null;
  if (head.some((t, i) => isNameLike(t, i === 0) || t.tags.has('Person') || t.tags.has('Actor'))) return null;
  if (phrase.some((t, i) => (i < phrase.length - 1 && /[,;:]/.test(t.post)) || /[()[\]"“”]/.test(t.pre + t.post))) return null;
  const plural = pluralByAgreement ?? noun.tags.has('Plural');
  return { words: [syntheticToken(plural ? 'They' : 'It', ['Pronoun'])], plural, length: phrase.length };
}

/** "be" agreeing with the referent, in the tense. */
export function beFor(referent: Referent, tense: Tense): Token {
  const i = referent.words.length === 1 && referent.words[0]!.normal === 'i';
  const word = tense === 'past' ? (referent.plural ? 'were' : 'was') : referent.plural ? 'are' : i ? 'am' : 'is';
  return syntheticToken(word, ['Verb', 'Copula']);
}

/** A verb given as its infinitive, conjugated for the referent and tense ("make" -> "made"/"makes"). */
export function finiteForm(infinitive: string, referent: Referent, tense: Tense): string | null {
  if (infinitive === 'be') return beFor(referent, tense).text;
  const forms = conjugate(infinitive);
  if (tense === 'past') return forms.PastTense ?? null;
  return referent.plural ? (forms.Infinitive ?? infinitive) : (forms.PresentTense ?? null);
}

/** The referent's words to follow an opener ("But the city ..."): a common first word loses its capital. */
export function afterOpener(words: readonly Token[]): Token[] {
  const [first, ...rest] = words;
  if (!first || isNameLike(first, true) || first.text === 'I') return [...words];
  return [{ ...first, text: first.text.charAt(0).toLowerCase() + first.text.slice(1) }, ...rest];
}

export function capitalise(text: string): string {
  return /^\p{Ll}/u.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
