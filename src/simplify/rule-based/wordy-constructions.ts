import { isWord, type Token } from './tokens.js';

/**
 * Drops function words that English lets a writer leave out without changing what is said:
 *   - "that" after a verb of saying, thinking or finding ("She said that the bus was late" ->
 *     "She said the bus was late"), only where the next word opens a clause (an article, a
 *     pronoun), so that "that" cannot be the determiner of "knew that man";
 *   - "located" or "situated" between "be" and a preposition of place ("is located in Kerala" ->
 *     "is in Kerala").
 * Both are what plain-language guides ask for and what ASSET's human simplifiers do most often.
 */

/** Verbs of saying, thinking, finding and showing, in the forms that take a "that" clause. */
const REPORTING_VERBS = new Set([
  'said', 'say', 'says', 'believed', 'believe', 'believes', 'found', 'find', 'finds', 'showed', 'shown', 'shows',
  'announced', 'announces', 'claimed', 'claim', 'claims', 'reported', 'reports', 'stated', 'states', 'argued',
  'argue', 'argues', 'suggested', 'suggest', 'suggests', 'noted', 'notes', 'knew', 'know', 'knows', 'thought',
  'think', 'thinks', 'realized', 'realised', 'discovered', 'decided', 'felt', 'feel', 'feels', 'agreed', 'agree',
  'estimated', 'explained', 'revealed', 'learned', 'learnt', 'noticed', 'hoped', 'hope', 'feared', 'admitted',
  'insisted', 'proved', 'confirmed', 'indicated', 'indicates', 'mean', 'means', 'meant', 'told', 'wrote', 'writes',
  'heard', 'saw', 'see', 'sees', 'expect', 'expected', 'expects', 'remember', 'remembered', 'understood',
]);

/** Words that can only open a clause, never follow a determiner "that". */
const CLAUSE_OPENERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'there', 'his', 'her', 'its', 'their', 'our',
  'my', 'your', 'this', 'these', 'those', 'some', 'many', 'most', 'all', 'no', 'every', 'each', 'both', 'one',
]);

const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being']);
const PLACE_PREPOSITIONS = new Set(['in', 'on', 'at', 'near', 'beside', 'between', 'along', 'inside', 'within', 'off', 'north', 'south', 'east', 'west']);

export function dropWordyFunctionWords(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    const bound = previous !== undefined && next !== undefined && previous.post === ' ' && token.post === ' ' && token.pre === '';
    const optionalThat = bound && token.normal === 'that' && REPORTING_VERBS.has(previous.normal) && CLAUSE_OPENERS.has(next.normal);
    const optionalLocated = bound && (token.normal === 'located' || token.normal === 'situated') && BE_FORMS.has(previous.normal) && PLACE_PREPOSITIONS.has(next.normal);
    if (!optionalThat && !optionalLocated) out.push(token);
  }
  return out.some(isWord) ? out : [...tokens];
}
