import { tagsOnItsOwn } from './inflection.js';
import type { WordNet } from './wordnet.js';

/**
 * "History The district was created in 1994 ..." -> "The district was created in 1994 ...".
 * Text extracted from web pages and PDFs often glues a section heading ("History", "Early life",
 * "Economy and infrastructure") to the first sentence under it. A run of capitalised everyday
 * words followed by a capitalised word that can only open a sentence ("The", "In", "He") is such
 * a heading: no English sentence goes "Economy The ...". Names never count as heading words.
 */

/** Words that open a sentence and never follow a noun with a capital inside one. Closed class. */
const SENTENCE_OPENERS = new Set([
  'The', 'A', 'An', 'In', 'On', 'At', 'During', 'After', 'Before', 'From', 'By', 'For', 'With', 'As', 'Since', 'Following',
  'When', 'While', 'Although', 'It', 'He', 'She', 'They', 'This', 'These', 'There', 'His', 'Her', 'Its', 'Their', 'Many', 'Some', 'Most',
]);

/** Linking words a heading may hold: "Economy and infrastructure", "Life of ...". */
const HEADING_LINKS = new Set(['and', 'of', 'in', 'the']);

const MAX_HEADING_WORDS = 4;

export function dropFusedHeading(sentence: string, wordnet: WordNet): string {
  const words = sentence.split(' ');
  for (let k = 1; k <= MAX_HEADING_WORDS && k < words.length - 2; k++) {
    const heading = words.slice(0, k);
    if (!SENTENCE_OPENERS.has(words[k]!)) continue;
    if (!/^\p{Lu}\p{Ll}+$/u.test(heading[0]!)) return sentence;
    const everyday = heading.every((w, i) => (i > 0 && HEADING_LINKS.has(w)) || (/^\p{L}+$/u.test(w) && isEverydayWord(w, wordnet, i === 0)));
    if (!everyday || HEADING_LINKS.has(heading[k - 1]!)) return sentence;
    return words.slice(k).join(' ');
  }
  return sentence;
}

/**
 * A word WordNet knows in lower case as a noun or adjective ("history", "early"), and, except as
 * the heading's first word, written in lower case ("Early life"): a capital inside marks a name.
 */
function isEverydayWord(word: string, wordnet: WordNet, first: boolean): boolean {
  if (!first && /^\p{Lu}/u.test(word)) return false;
  const lower = word.toLowerCase();
  // "At The Great American Bash": WordNet knows "at" (a unit) and "in" (indium) as nouns.
  const own = tagsOnItsOwn(lower);
  if (['Preposition', 'Determiner', 'Conjunction', 'Pronoun', 'Adverb', 'Verb'].some((tag) => own.has(tag)) && !own.has('Noun')) return false;
  return wordnet.entry(lower, 'n') !== undefined || wordnet.entry(lower, 'a') !== undefined;
}
