import { inflectLike, tagsOnItsOwn, type PastFormHint, type WordClass } from './inflection.js';
import { isProtected } from './protected-words.js';
import type { Token } from './tokens.js';
import { WordFrequency } from './word-frequency.js';
import { WordNet, type WordNetPos } from './wordnet.js';

export interface SubstitutionOptions {
  /** Words ranked above this in SUBTLEX (less common) are candidates for replacement. */
  rareRank: number;
  /**
   * A replacement must be at least this many times more frequent than the word. Defaults to 4: a
   * synonym only ~3 times as common is often the same word in a lower register (soil -> dirt,
   * 3.3x), while real plain-language gains are far larger (purchase -> buy 30x). On ASSET valid,
   * 4 instead of 3 costs 0.03 SARI.
   */
  minGain?: number;
  /** Share of the word's tagged uses its first WordNet sense must have before we trust it. Defaults to 0.5. */
  minFirstSenseShare?: number;
  /** Share of the replacement's tagged uses that must be in the shared sense. Defaults to 0.15. */
  minReplacementSenseShare?: number;
}

export interface Substitution {
  word: string;
  lemma: string;
  replacement: string;
  replacementLemma: string;
  pos: WordNetPos;
}

const WORDNET_POS: Record<WordClass, WordNetPos> = { noun: 'n', verb: 'v', adjective: 'a', adverb: 'r' };
const CLASS_TAG: Record<WordClass, string> = { noun: 'Noun', verb: 'Verb', adjective: 'Adjective', adverb: 'Adverb' };


/** The open word class of the token as tagged in its sentence, or null for words no synonym may replace. */
export function wordClassOf(token: Token): WordClass | null {
  const { tags } = token;
  if (tags.has('Verb')) {
    if (tags.has('Auxiliary') || tags.has('Copula') || tags.has('Modal') || tags.has('PhrasalVerb')) return null;
    return 'verb';
  }
  if (tags.has('Noun')) return tags.has('Pronoun') ? null : 'noun';
  if (tags.has('Adjective')) return tags.has('Comparative') || tags.has('Superlative') ? null : 'adjective';
  if (tags.has('Adverb')) return 'adverb';
  return null;
}

/** Compromise reads these as nouns; as synonyms of a noun they change its meaning to "a person". */
const INDEFINITE_PRONOUNS = new Set(['someone', 'somebody', 'anyone', 'anybody', 'everyone', 'everybody', 'something', 'anything', 'everything', 'nothing', 'nobody']);

const BE_OR_HAVE = new Set(['be', 'is', 'are', 'was', 'were', 'been', 'being', 'am', 'has', 'have', 'had', 'having', 'get', 'got', 'gets']);

/** Whether an "-ed" verb is a past participle or a past tense, as its neighbours tell. */
export function pastFormHint(token: Token, previous: Token | undefined, next: Token | undefined): PastFormHint {
  if (token.tags.has('Participle')) return 'participle';
  if (next?.normal === 'by') return 'participle';
  if (previous) {
    if (BE_OR_HAVE.has(previous.normal) || previous.implicit !== undefined && BE_OR_HAVE.has(previous.implicit)) return 'participle';
    if (previous.tags.has('Determiner') || previous.tags.has('Adjective') || previous.tags.has('Adverb')) return 'participle';
    if (previous.post.includes(',')) return 'unknown';
    if (previous.tags.has('Pronoun') || previous.tags.has('Noun')) return 'past';
  }
  return 'unknown';
}

/**
 * Replaces rare words with a more common synonym: one from the same WordNet synset (so the same
 * meaning and part of speech), taken only from the word's most frequent sense, and only where the
 * synonym is itself mostly used in that sense. Frequencies come from SUBTLEX-US.
 */
export class LexicalSubstituter {
  constructor(
    private readonly wordnet: WordNet = new WordNet(),
    private readonly frequency: WordFrequency = new WordFrequency(),
  ) {}

  /**
   * The common synonym to write instead of the token, inflected like it, or null to keep it.
   * `previous` and `next` are its neighbours in the sentence: they tell "was selected" from "they selected".
   */
  substitute(token: Token, sentenceInitial: boolean, options: SubstitutionOptions, previous?: Token, next?: Token): Substitution | null {
    if (isProtected(token, sentenceInitial) || !/^\p{L}+$/u.test(token.text)) return null;
    const wordClass = wordClassOf(token);
    if (!wordClass) return null;
    // "refers to", "consists of", "appeared in": the preposition belongs to the verb, and a synonym
    // rarely takes the same one ("mentions to"). The passive "by" goes with any verb.
    if (wordClass === 'verb' && next && (next.tags.has('Preposition') || next.tags.has('Particle')) && next.normal !== 'by') return null;
    // A noun that modifies the next noun ("occupation sectors") is part of a fixed name for a thing.
    if (wordClass === 'noun' && next && next.tags.has('Noun') && token.post.trim() === '') return null;
    // A sentence adverb before a comma ("Altogether, ...") frames the sentence; its synonyms may not.
    if (wordClass === 'adverb' && token.post.includes(',')) return null;
    const pos = WORDNET_POS[wordClass];
    const surface = token.text.toLowerCase();
    const lemma = wordClass === 'adverb' ? surface : (token.root ?? token.normal).toLowerCase();
    const familiarity = Math.max(this.frequency.count(surface), this.frequency.count(lemma));
    if (Math.min(this.frequency.rank(surface), this.frequency.rank(lemma)) <= options.rareRank) return null;

    const entry = this.wordnet.entry(lemma, pos);
    const first = entry?.offsets[0];
    if (!entry || first === undefined) return null;
    if (entry.offsets.length > 1) {
      const tagged = entry.offsets.reduce((sum, o) => sum + this.wordnet.tagCount(lemma, pos, o), 0);
      if (tagged === 0 || this.wordnet.tagCount(lemma, pos, first) / tagged < (options.minFirstSenseShare ?? 0.5)) return null;
    }

    const minGain = options.minGain ?? 4;
    let best: Substitution | null = null;
    let bestCount = familiarity * minGain;
    const [synset] = this.wordnet.synsets(lemma, pos);
    for (const candidate of synset?.lemmas ?? []) {
      if (!this.plausible(candidate, lemma, wordClass)) continue;
      const tagged = this.wordnet.tagCount(candidate, pos, first);
      const total = this.wordnet.totalTagCount(candidate);
      if (total > 0 && tagged / total < (options.minReplacementSenseShare ?? 0.15)) continue;
      if (total === 0 && this.wordnet.senseNumber(candidate, pos, first) !== 1) continue;
      const inflected = inflectLike(token.text, lemma, candidate, wordClass, pastFormHint(token, previous, next));
      if (!inflected) continue;
      const count = Math.max(this.frequency.count(candidate), this.frequency.count(inflected));
      if (count > bestCount && this.frequency.rank(candidate) <= options.rareRank) {
        best = { word: token.text, lemma, replacement: inflected, replacementLemma: candidate, pos };
        bestCount = count;
      }
    }
    return best;
  }

  private plausible(candidate: string, lemma: string, wordClass: WordClass): boolean {
    if (candidate === lemma || !/^[a-z]{3,}$/.test(candidate)) return false;
    // Spelling variants and derivations ("geographical"/"geographic") make no word easier.
    if (candidate.startsWith(lemma.slice(0, 5)) || lemma.startsWith(candidate.slice(0, 5))) return false;
    // The synonym must read as the same part of speech on its own ("someone" is a pronoun, not a noun).
    const own = tagsOnItsOwn(candidate);
    if (!own.has(CLASS_TAG[wordClass]) || own.has('Pronoun')) return false;
    if (INDEFINITE_PRONOUNS.has(candidate)) return false;
    // A plural-only synonym ("papers" for "document") cannot be inflected like a singular noun.
    if (wordClass === 'noun' && own.has('Plural')) return false;
    return true;
  }
}
