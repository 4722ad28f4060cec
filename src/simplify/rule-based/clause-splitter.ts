import {
  afterOpener,
  beFor,
  capitalise,
  finiteForm,
  firstFiniteVerb,
  isFiniteVerb,
  mainSubject,
  phraseEndingAt,
  tenseOf,
  type Referent,
} from './clause-subject.js';
import { lacksMainVerb } from '../../text/sentence-fragment.js';
import { isNameLike } from './protected-words.js';
import { isWord, joinTokens, syntheticToken, tagTokens, type Token } from './tokens.js';

/**
 * Splits a long English sentence into shorter ones at the clause boundaries its punctuation and
 * linking words mark, giving each new sentence the subject it needs:
 *   "X; Y"                         -> "X. Y."
 *   "X, and/but Y"                 -> "X. (But) Y."        (Y a full clause, or a verb phrase: "He ...")
 *   "X, which/who Y"               -> "X. It/They/Name Y." (also in the middle of a sentence)
 *   "X, where/when Y"              -> "X. There/Then Y."
 *   "X, although/while Y"          -> "X. But Y."
 *   "X, including Y"               -> "X. These include Y."
 *   "X, becoming Y"                -> "X. Subject became Y."
 *   "X, located in Y"              -> "X. It is located in Y."
 *   "Paris, the capital, is Y"     -> "Paris is Y. Paris is the capital."
 *   "Although X, Y"                -> "X. But Y."
 * Every word of the input stays, apart from the linking word a split replaces.
 */

export interface ClauseSplitOptions {
  /** Sentences with more words than this are split. */
  maxSentenceWords: number;
  /** Neither side of a split may be shorter than this many words. */
  minClauseWords: number;
  /**
   * Split ", which/who ..." clauses and trailing "-ing" phrases (", devoting himself to teaching")
   * into their own sentence even in a short sentence: at low grades a describing clause that
   * states a fact ("which absorbs energy from sunlight") is kept as a short sentence of its own
   * rather than dropped or left inside a long one. (Before issue 17 the trailing phrase was
   * deleted; keeping it whole cost SARI at grade 3, its own sentence wins that back.) Defaults to false.
   */
  splitDescribingClauses?: boolean;
}

/** Coordinators that can join two clauses, and the word the second sentence opens with (null: none). */
const COORDINATORS: Record<string, string | null> = { and: null, but: 'But', so: 'So', yet: 'But' };
/** Subordinators after a comma whose clause can stand alone, and its opener. */
const TRAILING_SUBORDINATORS: Record<string, string> = { although: 'But', though: 'But', whereas: 'But', while: 'But' };
/** Relative adverbs after a comma, and the word that stands in for them. */
const RELATIVE_ADVERBS: Record<string, string> = { where: 'There', when: 'Then' };
/** Subordinators that open a sentence ("Although X, Y" -> "X. But Y."), and the opener of the main clause. */
const LEADING_SUBORDINATORS: Record<string, string> = { although: 'But', though: 'But', because: 'So', after: 'Then', when: 'Then' };
/**
 * "-ing" verbs of result ("..., making it the largest"): their subject is the whole event, "This",
 * not the main clause's subject.
 */
const RESULT_GERUNDS = new Set(['making', 'causing', 'leading', 'resulting', 'giving', 'allowing', 'bringing', 'forcing', 'prompting', 'leaving', 'enabling', 'creating', 'ending']);
/** "-ing" words that work as prepositions ("according to"), not as the verb of a clause. */
const PREPOSITIONAL_GERUNDS = new Set(['according', 'regarding', 'concerning', 'including', 'following', 'excluding', 'depending', 'considering', 'beginning', 'starting', 'during', 'notwithstanding']);

/** Words an opening phrase ("In the spring of 1990,") may have before the clause proper. */
const MAX_OPENING_PHRASE = 6;

// Deep recursion cannot happen on sane text; the bound keeps hostile input cheap.
const MAX_SPLITS = 12;

export function wordCount(tokens: readonly Token[]): number {
  return tokens.filter(isWord).length;
}

export function splitClauses(tokens: readonly Token[], options: ClauseSplitOptions): Token[][] {
  const done: Token[][] = [];
  const queue: Token[][] = [[...tokens]];
  let splits = 0;
  while (queue.length > 0) {
    const sentence = queue.shift()!;
    const short = wordCount(sentence) <= options.maxSentenceWords;
    if (splits >= MAX_SPLITS || (short && !options.splitDescribingClauses)) {
      done.push(sentence);
      continue;
    }
    const parts = short ? describingClauseSplit(sentence, options) : bestSplit(sentence, options);
    if (!parts) {
      done.push(sentence);
      continue;
    }
    splits++;
    queue.unshift(...parts);
  }
  if (done.length === 1) return done;
  return done.map((part) => finishSentence(part, tokens[0], tokens[tokens.length - 1]));
}

type Split = Token[][] | null;

/** Among every allowed split of the sentence, the one that leaves its longest part shortest. */
function bestSplit(tokens: Token[], options: ClauseSplitOptions): Split {
  let best: Split = null;
  let bestLongest = Infinity;
  // A split must not leave a piece without a main verb ("... animals. A script that scholars have
  // not read.") when the sentence had one: such a split is not made.
  const whole = !lacksMainVerb(tokens);
  const consider = (parts: Split) => {
    if (!parts || parts.some((p) => wordCount(p) < options.minClauseWords)) return;
    if (whole && parts.some(isFragment)) return;
    const longest = Math.max(...parts.map(wordCount));
    if (longest < bestLongest) {
      best = parts;
      bestLongest = longest;
    }
  };
  consider(splitLeadingSubordinate(tokens));
  let depth = 0;
  let quotes = 0;
  for (let i = 0; i < tokens.length - 1; i++) {
    const { pre, post } = tokens[i]!;
    depth += count(pre, /[([{]/g) + count(post, /[([{]/g) - count(pre, /[)\]}]/g) - count(post, /[)\]}]/g);
    depth += count(pre, /“/g) + count(post, /“/g) - count(pre, /”/g) - count(post, /”/g);
    quotes += count(pre, /"/g) + count(post, /"/g);
    // Never cut inside brackets or quotes; a quotation that closes before the comma is no obstacle.
    if (depth > 0 || quotes % 2 === 1 || /["“”]/.test(tokens[i + 1]!.pre)) continue;
    if (post.includes(';')) consider(splitAt(tokens, i, tokens.slice(i + 1)));
    if (post.includes(',')) {
      if (endsStretch(tokens, i)) for (const rule of COMMA_RULES) consider(rule(tokens, i));
    } else if (post.trim() === '') {
      for (const rule of PLAIN_RULES) consider(rule(tokens, i));
    }
  }
  return best;
}

/**
 * A piece a split would make lacks a main verb. It is tagged afresh: a split rewrites words ("causing"
 * -> "caused") whose tokens still carry the old tags.
 */
function isFragment(part: readonly Token[]): boolean {
  return lacksMainVerb(tagTokens(joinTokens(part).trim()));
}

/** The first ", which/who ..." clause or ", -ing ..." phrase of the sentence as a sentence of its own, when that leaves no fragment. */
function describingClauseSplit(tokens: Token[], options: ClauseSplitOptions): Split {
  const whole = !lacksMainVerb(tokens);
  for (let i = 0; i < tokens.length - 2; i++) {
    if (!/^,\s*$/.test(tokens[i]!.post) || !endsStretch(tokens, i)) continue;
    const parts = splitRelativePronoun(tokens, i) ?? splitGerund(tokens, i);
    if (!parts || parts.some((p) => wordCount(p) < options.minClauseWords)) continue;
    if (whole && parts.some(isFragment)) continue;
    return parts;
  }
  return null;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** Each rule looks at the space after tokens[i] (no punctuation) and proposes a split, or null. */
const PLAIN_RULES: Array<(tokens: Token[], i: number) => Split> = [splitVerbPhrase, splitClausePair, splitBareRelative];

/** Each rule looks at the comma after tokens[i] and proposes a split, or null. */
const COMMA_RULES: Array<(tokens: Token[], i: number) => Split> = [
  splitCoordination,
  splitRelativePronoun,
  splitRelativeAdverb,
  splitConcession,
  splitIncluding,
  splitGerund,
  splitParticiple,
  splitAppositive,
];

/**
 * tokens[0..end] and `second`, when the first part is a full clause, the stretch just before the
 * cut has a verb of its own (so the cut is not inside a list: "fungi, algae, and ferns exist";
 * `checkList` false skips this for links that never join list items, such as "but"), and the
 * second part has a verb.
 */
function splitAt(tokens: Token[], end: number, second: Token[], checkList = true): Split {
  const first = tokens.slice(0, end + 1);
  if (second.length === 0 || !isIndependentClause(first) || firstFiniteVerb(second) < 0) return null;
  if (checkList) {
    let from = end;
    while (from > 0 && !endsStretch(tokens, from - 1)) from--;
    if (firstFiniteVerb(tokens, from, end + 1) < 0) return null;
  }
  return [first, second];
}

function opener(word: string | null): Token[] {
  return word ? [syntheticToken(word, ['Conjunction'])] : [];
}

function splitCoordination(tokens: Token[], i: number): Split {
  const next = tokens[i + 1]!;
  const word = COORDINATORS[next.normal];
  if (word === undefined) return null;
  const rest = tokens.slice(i + 2);
  // Lists are joined by "and" and "or"; "but", "so" and "yet" always join clauses.
  const checkList = word === null;
  if (isIndependentClause(rest)) return splitAt(tokens, i, [...opener(word), ...rest], checkList);
  // "He retired, and became a coach": the verb phrase gets the main clause's subject.
  if (rest[0] && isNewVerbPhrase(tokens, i, rest[0])) {
    const subject = mainSubject(tokens.slice(0, i + 1));
    if (subject) return splitAt(tokens, i, [...opener(word), ...(word ? afterOpener(subject.words) : subject.words), ...rest], checkList);
  }
  return null;
}

/** "He retired in 1962 and chose to coach." -> "He retired in 1962. He chose to coach." */
function splitVerbPhrase(tokens: Token[], i: number): Split {
  const and = tokens[i + 1];
  const verb = tokens[i + 2];
  if (!and || !verb || (and.normal !== 'and' && and.normal !== 'but') || and.post.trim() !== '') return null;
  if (!isNewVerbPhrase(tokens, i, verb)) return null;
  const subject = mainSubject(tokens.slice(0, i + 1));
  if (!subject) return null;
  const but = and.normal === 'but';
  return splitAt(tokens, i, [...opener(but ? 'But' : null), ...(but ? afterOpener(subject.words) : subject.words), ...tokens.slice(i + 2)]);
}

/** Words that open the subject of a clause: "... and the lands were divided", "... and they left". */
const SUBJECT_STARTS = new Set(['the', 'a', 'an', 'this', 'these', 'those', 'its', 'his', 'her', 'their', 'he', 'she', 'it', 'they', 'we', 'i', 'there']);
/** Subordinating links: the clause they open needs its own verb. */
const SUBORDINATORS = new Set(['while', 'when', 'whenever', 'because', 'since', 'after', 'before', 'although', 'though', 'until', 'unless', 'as', 'whereas', 'once', 'where']);
/** What a plain noun phrase is made of. */
const NOUN_PHRASE_TAGS = ['Determiner', 'Adjective', 'Noun', 'Pronoun', 'Possessive', 'Value', 'Adverb'];

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let k = items.length - 1; k >= 0; k--) if (test(items[k]!)) return k;
  return -1;
}

/** Words after which "X and Y" is more likely two objects of one verb than two clauses. */
const JOINS_NOUNS = new Set(['that', 'whether', 'if', 'both', 'between', 'either', 'neither', 'among', 'which', 'who', 'whom', 'what', 'how', 'than']);

/**
 * "Leizu shared her discoveries and the knowledge became widespread." -> "Leizu shared her
 * discoveries. The knowledge became widespread." Both sides must be whole clauses, the second
 * opening with an article, a possessive or a pronoun (so a name list "A and B were" never splits),
 * and the first may hold no word that would make "and" join two nouns ("found that A and B were").
 */
function splitClausePair(tokens: Token[], i: number): Split {
  const link = tokens[i + 1];
  const start = tokens[i + 2];
  if (!link || !start || (link.normal !== 'and' && link.normal !== 'but') || link.post.trim() !== '') return null;
  if (!SUBJECT_STARTS.has(start.normal)) return null;
  const first = tokens.slice(0, i + 1);
  if (first.some((t) => JOINS_NOUNS.has(t.normal))) return null;
  // "left alone while her son and his wife went out": "and" inside a subordinate clause whose verb
  // is still to come joins two subjects.
  const lastLink = findLastIndex(first, (t) => SUBORDINATORS.has(t.normal));
  if (lastLink >= 0 && firstFiniteVerb(first, lastLink + 1) < 0) return null;
  const rest = tokens.slice(i + 2);
  if (!isIndependentClause(rest)) return null;
  // The second clause's subject is a plain noun phrase right before its verb: no relative clause
  // ("a slave-owner who has been ...") or preposition that could make the verb another clause's.
  const verb = firstFiniteVerb(rest);
  if (verb < 1 || verb > 6) return null;
  if (!rest.slice(0, verb).every((t) => NOUN_PHRASE_TAGS.some((tag) => t.tags.has(tag)) && !t.tags.has('QuestionWord') && t.post.trim() === '')) return null;
  const opening = opener(link.normal === 'but' ? 'But' : null);
  const second = link.normal === 'but' ? [...opening, ...afterOpener(rest.slice(0, 1)), ...rest.slice(1)] : rest;
  return splitAt(tokens, i, second, false);
}

/**
 * "It is a breed of dog which traces its ancestry to England." -> "It is a breed of dog. It traces
 * its ancestry to England." Only a relative clause that ends the sentence, about a noun just
 * introduced with "a"/"an" (a clause about "the dog which ..." may say which dog is meant), and
 * only a subject relative ("which traces", not "which he built").
 */
function splitBareRelative(tokens: Token[], i: number): Split {
  const relative = tokens[i + 1];
  const verb = tokens[i + 2];
  if (!relative || !verb || !['which', 'who', 'where'].includes(relative.normal)) return null;
  if (relative.post.trim() !== '' || clauseEnd(tokens, i + 1) !== tokens.length - 1) return null;
  const phrase = phraseEndingAt(tokens, i);
  if (!phrase) return null;
  const determiner = tokens[i - phrase.length + 1]!;
  if (determiner.normal !== 'a' && determiner.normal !== 'an') return null;
  // Only "X is a N which ...": there the clause says something about X itself, and the split
  // cannot drop a restriction ("a signature for a party who does not hold the key" must stay whole).
  const main = tokens.slice(0, i - phrase.length + 1);
  const mainVerb = firstFiniteVerb(main);
  // The noun phrase is the copula's own complement ("is a breed ..."), not a noun inside it ("is
  // the son of a farmer who ...").
  if (mainVerb < 0 || !main[mainVerb]!.tags.has('Copula') || !main.slice(mainVerb + 1).every((t) => t.tags.has('Adverb'))) return null;
  if (relative.normal === 'where') {
    const rest = tokens.slice(i + 2);
    if (!isIndependentClause(rest) || !tokens[i]!.tags.has('Noun')) return null;
    return splitAt(tokens, i, [...opener('There'), ...rest], false);
  }
  if (!(verb.tags.has('Verb') || verb.tags.has('Adverb')) || verb.tags.has('Gerund')) return null;
  const subject = mainSubject(main) ?? phrase;
  return moveClause(tokens, i, i + 2, subject.words);
}

const DO_SUPPORT: Record<string, 'past' | 'present'> = { do: 'present', does: 'present', did: 'past' };

/**
 * True when `verb` opens a second verb phrase of the main clause's subject ("retired ... and
 * chose"), not a participle that shares the main clause's auxiliary ("was born and raised").
 */
function isNewVerbPhrase(tokens: Token[], end: number, verb: Token): boolean {
  const main = firstFiniteVerb(tokens, 0, end + 1);
  if (main < 0 || !isFiniteVerb(verb, undefined)) return false;
  // "... and is expected", "... but was renamed": a finite auxiliary always opens a new verb phrase.
  if (verb.tags.has('Auxiliary') || verb.tags.has('Copula') || verb.tags.has('Modal')) return true;
  const mainVerb = tokens[main]!;
  // "do not work here, but work there": "do" only carries the tense of the verb it supports.
  if (DO_SUPPORT[mainVerb.normal] && !verb.tags.has('Gerund')) {
    return DO_SUPPORT[mainVerb.normal] === 'past' ? verb.tags.has('PastTense') : verb.tags.has('PresentTense');
  }
  if (mainVerb.tags.has('Auxiliary') || mainVerb.tags.has('Copula') || mainVerb.tags.has('Modal')) return false;
  return (mainVerb.tags.has('PastTense') && verb.tags.has('PastTense')) || (mainVerb.tags.has('PresentTense') && verb.tags.has('PresentTense'));
}

/**
 * ", which/who VERB ..." -> a sentence of its own. At the end of the sentence the clause follows as
 * "It/They/This ..."; in the middle ("The city, which was founded in 1200, is large.") the main
 * clause is put back together and the relative clause follows it.
 */
function splitRelativePronoun(tokens: Token[], i: number): Split {
  const relative = tokens[i + 1]!;
  if (relative.normal !== 'which' && relative.normal !== 'who') return null;
  const verb = tokens[i + 2];
  // Only subject relatives ("which was", "who led"): "which he built" needs its object put back.
  if (!verb || !(verb.tags.has('Verb') || verb.tags.has('Adverb')) || verb.tags.has('Gerund')) return null;
  let subject: Referent | null;
  if (relative.normal === 'which' && !(tokens[i]!.tags.has('Noun') && !tokens[i]!.tags.has('Pronoun'))) {
    // "which" after a verb or adjective refers to the whole clause.
    subject = { words: [syntheticToken('This', ['Pronoun'])], plural: false, length: 1 };
  } else {
    subject = phraseEndingAt(tokens, i);
  }
  if (!subject) return null;
  return moveClause(tokens, i, i + 2, subject.words);
}

/** ", where he studied" -> ". There he studied"; ", when he died" -> ". Then he died". */
function splitRelativeAdverb(tokens: Token[], i: number): Split {
  const word = RELATIVE_ADVERBS[tokens[i + 1]!.normal];
  if (!word) return null;
  const close = clauseEnd(tokens, i + 2);
  if (close !== tokens.length - 1) return null;
  const rest = tokens.slice(i + 2);
  if (!isIndependentClause(rest)) return null;
  return splitAt(tokens, i, [...opener(word), ...rest]);
}

function splitConcession(tokens: Token[], i: number): Split {
  const word = TRAILING_SUBORDINATORS[tokens[i + 1]!.normal];
  if (!word) return null;
  const rest = tokens.slice(i + 2);
  if (!isIndependentClause(rest)) return null;
  return splitAt(tokens, i, [...opener(word), ...rest]);
}

/** ", including X and Y." -> ". These include X and Y." */
function splitIncluding(tokens: Token[], i: number): Split {
  if (tokens[i + 1]!.normal !== 'including' || clauseEnd(tokens, i + 2) !== tokens.length - 1) return null;
  const plural = tokens[i]!.tags.has('Plural');
  const past = tenseOf(tokens, i + 1) === 'past';
  const pronoun = plural ? 'These' : 'This';
  const verb = past ? 'included' : plural ? 'include' : 'includes';
  const rest = tokens.slice(i + 2);
  if (rest.length === 0) return null;
  const first = tokens.slice(0, i + 1);
  if (firstFiniteVerb(first) < 0) return null;
  return [first, [syntheticToken(pronoun, ['Pronoun']), syntheticToken(verb, ['Verb']), ...rest]];
}

/** ", becoming the first ..." -> ". She/It became the first ..." with the main clause's subject and tense. */
function splitGerund(tokens: Token[], i: number): Split {
  const gerund = tokens[i + 1]!;
  if (!gerund.tags.has('Gerund') || PREPOSITIONAL_GERUNDS.has(gerund.normal) || !gerund.root) return null;
  if (clauseEnd(tokens, i + 1) !== tokens.length - 1) return null;
  const first = tokens.slice(0, i + 1);
  if (!isIndependentClause(first)) return null;
  const subject: Referent | null = RESULT_GERUNDS.has(gerund.normal)
    ? { words: [syntheticToken('This', ['Pronoun'])], plural: false, length: 1 }
    : mainSubject(first);
  if (!subject) return null;
  // "have released two albums, selling ..." tells of the past: the present perfect is a past here.
  const mainVerb = firstFiniteVerb(first);
  const perfect =
    mainVerb >= 0 &&
    ['have', 'has'].includes(first[mainVerb]!.normal) &&
    first.slice(mainVerb + 1, mainVerb + 4).some((t) => t.tags.has('PastTense') || t.tags.has('Participle') || /ed$/.test(t.normal));
  const verb = finiteForm(gerund.root, subject, perfect ? 'past' : tenseOf(first));
  if (!verb) return null;
  return [first, [...subject.words, { ...gerund, text: verb, normal: verb }, ...tokens.slice(i + 2)]];
}

/**
 * ", located near Paris" -> ". It is located near Paris": about the noun before the comma, or after
 * a predicate ("were simple, built of timber") about the main clause's subject.
 */
function splitParticiple(tokens: Token[], i: number): Split {
  // ", also known as ...": an adverb may come first.
  let p = i + 1;
  while (p < i + 3 && tokens[p]?.tags.has('Adverb') && !tokens[p]!.tags.has('Negative')) p++;
  const participle = tokens[p];
  if (!participle) return null;
  const { tags } = participle;
  if (!tags.has('Verb') || !(tags.has('PastTense') || tags.has('Participle')) || tags.has('Auxiliary') || tags.has('Copula')) return null;
  // "located in", "born on", "known as", "built mainly of": a participle with its own phrase after it.
  let k = p + 1;
  while (tokens[k]?.tags.has('Adverb')) k++;
  const after = tokens[k];
  if (!after || !(after.tags.has('Preposition') || after.tags.has('Conjunction') || after.tags.has('Gerund'))) return null;
  const noun = tokens[i]!;
  const onNoun = noun.tags.has('Noun') && !noun.tags.has('Pronoun');
  const subject = onNoun ? phraseEndingAt(tokens, i) : mainSubject(tokens.slice(0, i + 1));
  if (!subject) return null;
  // "... in Canada, expected to grow": after a prepositional phrase the participle may be about
  // anything before it; a rule cannot tell, so it leaves the sentence alone.
  if (onNoun && tokens[i - subject.length]?.tags.has('Preposition')) return null;
  // The participle shares the tense of the nearest clause before it; "formerly known as" is past.
  const adverbs = tokens.slice(i + 1, p);
  const tense = adverbs.some((t) => PAST_ADVERBS.has(t.normal)) ? 'past' : nearestTense(tokens, i);
  return moveClause(tokens, i, i + 1, [...subject.words, beFor(subject, tense)]);
}

const PAST_ADVERBS = new Set(['formerly', 'previously', 'once', 'then', 'originally', 'initially', 'later']);

/**
 * The tense of the last finite verb before tokens[end]; when none is before it (a remark between
 * the subject and its verb), the tense of the main verb after the remark.
 */
function nearestTense(tokens: readonly Token[], end: number): 'past' | 'present' {
  for (let k = end; k >= 0; k--) {
    if (isFiniteVerb(tokens[k]!, tokens[k - 1])) return tenseOf(tokens.slice(k, k + 1));
  }
  return tenseOf(tokens.slice(clauseEnd(tokens, end + 1) + 1));
}

/** "Jeddah, the main port, is ..." -> "Jeddah is ... . Jeddah is the main port." */
function splitAppositive(tokens: Token[], i: number): Split {
  const name = tokens[i]!;
  const determiner = tokens[i + 1]!;
  if (!isNameLike(name, i === 0) || !['a', 'an', 'the'].includes(determiner.normal)) return null;
  const close = clauseEnd(tokens, i + 1);
  if (close - i > 10) return null;
  for (let j = i + 1; j <= close; j++) {
    const t = tokens[j]!;
    if (t.tags.has('Verb') || t.tags.has('Conjunction') || t.tags.has('QuestionWord') || t.tags.has('Pronoun')) return null;
  }
  const subject = phraseEndingAt(tokens, i);
  if (!subject) return null;
  // "Gouda, South Africa, a town": the name is itself one item of a list.
  const before = tokens[i - subject.length];
  if (before && /[,;:]/.test(before.post)) return null;
  return moveClause(tokens, i, i + 1, [...subject.words, beFor(subject, tenseOf(tokens))]);
}

/**
 * Moves the clause that starts at tokens[start] (after the comma at tokens[comma]) into a
 * sentence of its own that opens with `lead`. A clause that closes before the sentence ends must
 * be followed by the main clause's verb, which is joined back to the words before the comma.
 */
function moveClause(tokens: Token[], comma: number, start: number, lead: Token[]): Split {
  const close = clauseEnd(tokens, start);
  const clause = tokens.slice(start, close + 1);
  if (clause.length === 0) return null;
  if (close === tokens.length - 1) {
    const main = tokens.slice(0, comma + 1);
    if (firstFiniteVerb(main) < 0) return null;
    return [main, [...lead, ...clause]];
  }
  if (!tokens[close]!.post.includes(',')) return null;
  const after = tokens.slice(close + 1);
  // Only a clause between the subject and its verb: nothing before it has a verb, and the verb
  // comes right after it closes.
  if (firstFiniteVerb(tokens, 0, comma + 1) >= 0) return null;
  if (!after[0] || !isFiniteVerb(after[0], undefined)) return null;
  const head = tokens.slice(0, comma + 1).map((t, k) => (k === comma ? { ...t, post: t.post.replace(',', '') } : t));
  const main = [...head, ...after];
  if (firstFiniteVerb(main) < 0) return null;
  return [main, [...lead, ...clause]];
}

/** Index of the last token of the clause starting at `from`: the next , ; or : or the sentence end. */
export function clauseEnd(tokens: readonly Token[], from: number): number {
  for (let j = from; j < tokens.length - 1; j++) if (endsStretch(tokens, j)) return j;
  return tokens.length - 1;
}

/**
 * True when the punctuation after tokens[k] (, ; or :) separates two stretches of the sentence;
 * the comma of a date ("June 1, 1977") does not.
 */
export function endsStretch(tokens: readonly Token[], k: number): boolean {
  const token = tokens[k]!;
  if (!/[,;:]/.test(token.post)) return false;
  const next = tokens[k + 1];
  if (token.post.trim() === ',' && next && /^\d{4}$/.test(next.text) && (/^\d{1,2}$/.test(token.text) || token.tags.has('Month'))) return false;
  return true;
}

/** "Although X, Y." -> "X. But Y." when both X and Y are full clauses. */
function splitLeadingSubordinate(tokens: Token[]): Split {
  const word = LEADING_SUBORDINATORS[tokens[0]?.normal ?? ''];
  if (!word) return null;
  for (let i = 1; i < tokens.length - 1; i++) {
    if (!endsStretch(tokens, i)) continue;
    const clause = tokens.slice(1, i + 1);
    const main = tokens.slice(i + 1);
    if (!isIndependentClause(clause) || !isIndependentClause(main)) return null;
    return [clause, [...opener(word), ...main]];
  }
  return null;
}

/**
 * A subject (noun, pronoun or name) followed by a finite verb before the clause's next comma. One
 * short opening phrase before a comma ("However,", "In 1990,") may come first.
 */
export function isIndependentClause(tokens: readonly Token[]): boolean {
  let sawSubject = false;
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isFiniteVerb(token, tokens[i - 1])) return sawSubject;
    if (token.tags.has('Noun') || token.tags.has('Pronoun') || token.tags.has('Value')) sawSubject = true;
    if (i === start && token.tags.has('Verb')) return false;
    if (endsStretch(tokens, i)) {
      if (start > 0 || i >= MAX_OPENING_PHRASE) return false;
      start = i + 1;
      sawSubject = false;
    }
  }
  return false;
}

/**
 * Ends a part that the split cut off with a full stop and starts a new part with a capital; the
 * input's own first and last words keep what they had.
 */
function finishSentence(tokens: Token[], inputFirst: Token | undefined, inputLast: Token | undefined): Token[] {
  if (tokens.length === 0) return tokens;
  const out = tokens.map((t) => ({ ...t }));
  if (tokens[0] !== inputFirst) {
    const first = out[0]!;
    first.pre = first.pre.replace(/^\s+/, '');
    first.text = capitalise(first.text);
  }
  if (tokens[tokens.length - 1] !== inputLast) {
    const last = out[out.length - 1]!;
    last.post = last.post.replace(/[\s,;:–—-]*$/, '') + '.';
  }
  return out;
}
