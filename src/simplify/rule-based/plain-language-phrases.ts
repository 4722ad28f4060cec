import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflectLike, tagsOnItsOwn, type WordClass } from './inflection.js';
import { pastFormHint, wordClassOf } from './lexical-substituter.js';
import { isProtected } from './protected-words.js';
import { syntheticToken, type Token } from './tokens.js';
import type { WordFrequency } from './word-frequency.js';
import type { WordNet, WordNetPos } from './wordnet.js';

/**
 * Wordy or formal phrases and their plain-language replacements ("in order to" -> "to", "utilize"
 * -> "use", "prior to" -> "before"), read from the pattern table of the `retext-simplify` package
 * (about 300 entries from plainlanguage.gov). That package is a linter: it only flags a phrase and
 * lists choices for a writer to pick from. This class decides which flags are safe to act on alone:
 *   - a phrase of several words is replaced only where the table gives one replacement, and not
 *     where the phrase opens with a pronoun ("it appears" -> "seems" would lose the subject);
 *   - a single word is replaced only by a choice of the same part of speech as the word has in
 *     its sentence, inflected like it ("utilized" -> "used"), that WordNet lists as a synonym in the
 *     word's usual sense (at least half its sense-tagged uses): "performed on stage" never becomes
 *     "did on stage"; among several such choices, the commonest (SUBTLEX);
 *   - no choice that points at the writer's here and now ("at this time" -> "now");
 *   - the substituter's guards hold too: no verb with its own preposition ("remained of"), no noun
 *     that names a thing with the next noun ("selection committee"), no name, number or negation.
 */

/** One entry of retext-simplify's table. */
export interface PlainLanguagePattern {
  replace: readonly string[];
  omit?: boolean;
}

export interface PhraseReplacement {
  /** How many tokens, from the matched one on, the replacement stands for. */
  length: number;
  /** The replacement words, already inflected and capitalised like the text they replace. */
  words: string[];
}

interface Rule {
  words: string[];
  replacements: string[][];
}

const WORDNET_POS: Record<WordClass, WordNetPos> = { noun: 'n', verb: 'v', adjective: 'a', adverb: 'r' };
const CLASS_TAG: Record<WordClass, string> = { noun: 'Noun', verb: 'Verb', adjective: 'Adjective', adverb: 'Adverb' };
/** Share of a word's sense-tagged uses its first sense must have before a synonym of that sense stands in for it. */
const MIN_USUAL_SENSE_SHARE = 0.5;
/**
 * Words that point at the writer's here and now ("at this time" -> "now", "addressees" -> "you"):
 * right in a letter, which the table was written for, but wrong in a text about the past.
 */
const DEICTIC = new Set(['now', 'here', 'today', 'you', 'your', 'i', 'we', 'me', 'us']);

/** Reads retext-simplify's table. It is not among the package's exports, so it is loaded by its path. */
export async function loadRetextSimplifyPatterns(): Promise<Record<string, PlainLanguagePattern>> {
  const entry = createRequire(import.meta.url).resolve('retext-simplify');
  const module = (await import(pathToFileURL(join(dirname(entry), 'lib', 'patterns.js')).href)) as { patterns?: unknown };
  if (!isPatternTable(module.patterns)) throw new Error('retext-simplify: its pattern table has an unexpected shape');
  return module.patterns;
}

function isPatternTable(value: unknown): value is Record<string, PlainLanguagePattern> {
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every((p: unknown) => typeof p === 'object' && p !== null && Array.isArray((p as PlainLanguagePattern).replace));
}

export class PlainLanguagePhrases {
  private readonly byFirstWord = new Map<string, Rule[]>();

  /** Loads retext-simplify's table. */
  static async load(wordnet: WordNet, frequency: WordFrequency): Promise<PlainLanguagePhrases> {
    return new PlainLanguagePhrases(await loadRetextSimplifyPatterns(), wordnet, frequency);
  }

  constructor(
    patterns: Record<string, PlainLanguagePattern>,
    private readonly wordnet: WordNet,
    private readonly frequency: WordFrequency,
  ) {
    for (const [phrase, pattern] of Object.entries(patterns)) {
      // Only plain words: entries such as "and/or" or "i.e." stand for punctuation the tokens do not keep.
      if (!/^[a-z]+(?: [a-z]+)*$/.test(phrase)) continue;
      const replacements = pattern.replace
        .filter((r) => /^[a-z]+(?: [a-z]+)*$/.test(r))
        .map((r) => r.split(' '))
        .filter((r) => !r.some((w) => DEICTIC.has(w)));
      if (replacements.length === 0) continue;
      const words = phrase.split(' ');
      // "it appears" -> "seems", "there is" -> "": the replacement leaves the clause without its subject.
      if (words.length > 1 && tagsOnItsOwn(words[0]!).has('Pronoun')) continue;
      // A phrase with several choices ("a number of" -> "many" or "some") needs a reader's judgement.
      if (words.length > 1 && replacements.length > 1) continue;
      const list = this.byFirstWord.get(words[0]!) ?? [];
      list.push({ words, replacements });
      this.byFirstWord.set(words[0]!, list);
    }
    // Longest phrase first, so that "in order to" wins over "in order".
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Number of phrases the table offers after filtering. */
  get size(): number {
    let n = 0;
    for (const list of this.byFirstWord.values()) n += list.length;
    return n;
  }

  /** The plain replacement for the phrase that starts at tokens[i], or null. */
  match(tokens: readonly Token[], i: number): PhraseReplacement | null {
    const token = tokens[i]!;
    const candidates = [...(this.byFirstWord.get(token.normal) ?? []), ...(token.root && token.root !== token.normal ? (this.byFirstWord.get(token.root) ?? []) : [])];
    for (const rule of candidates) {
      const found = rule.words.length > 1 ? this.matchPhrase(tokens, i, rule) : this.matchWord(tokens, i, rule);
      if (found) return found;
    }
    return null;
  }

  private matchPhrase(tokens: readonly Token[], i: number, rule: Rule): PhraseReplacement | null {
    const n = rule.words.length;
    if (i + n > tokens.length) return null;
    for (let k = 0; k < n; k++) {
      const t = tokens[i + k]!;
      if (t.normal !== rule.words[k] || isProtected(t, i + k === 0)) return null;
      // The phrase must be continuous: no comma or bracket inside it.
      if (k < n - 1 && t.post.trim() !== '') return null;
      if (k > 0 && t.pre.trim() !== '') return null;
    }
    return { length: n, words: matchCase(tokens[i]!.text, rule.replacements[0]!) };
  }

  private matchWord(tokens: readonly Token[], i: number, rule: Rule): PhraseReplacement | null {
    const token = tokens[i]!;
    if (isProtected(token, i === 0) || !/^\p{L}+$/u.test(token.text)) return null;
    const cls = wordClassOf(token);
    if (!cls) return null;
    const lemma = rule.words[0]!;
    // Same part of speech as the word has here: "a permit" is no "let".
    const fitting = rule.replacements.filter((r) => tagsOnItsOwn(r[0]!).has(CLASS_TAG[cls]) && !tagsOnItsOwn(r[0]!).has('Pronoun'));
    if (fitting.length === 0) return null;
    const next = tokens[i + 1];
    // "selection committee": a noun that modifies the next noun is part of a fixed name for a thing.
    if (cls === 'noun' && next && next.tags.has('Noun') && token.post.trim() === '') return null;
    // "what remained of", "accompanied by": a verb's preposition belongs to it, and its synonym may
    // take another one (the substituter has the same rule).
    if (cls === 'verb' && next && (next.tags.has('Preposition') || next.tags.has('Particle')) && !(next.normal === 'by' && fitting.every((r) => r.length === 1))) return null;
    // The choice must be a WordNet synonym in the word's most frequent sense, and that sense must be
    // the usual one: "performed on stage" is not "did on stage".
    const synonyms = this.usualSenseSynonyms(lemma, cls);
    const chosen = fitting
      .filter((r) => synonyms.has(r.join(' ')))
      .sort((a, b) => this.frequency.count(b.join(' ')) - this.frequency.count(a.join(' ')))[0];
    if (!chosen) return null;
    const [head, ...rest] = chosen as [string, ...string[]];
    const inflected = inflectLike(token.text, lemma, head, cls, pastFormHint(token, tokens[i - 1], tokens[i + 1]));
    if (!inflected) return null;
    return { length: 1, words: [inflected, ...rest] };
  }

  /**
   * Lemmas of the word's most frequent WordNet sense, when at least half of the word's tagged uses
   * are in that sense (or it has only one); otherwise none.
   */
  private usualSenseSynonyms(lemma: string, cls: WordClass): Set<string> {
    const pos = WORDNET_POS[cls];
    const entry = this.wordnet.entry(lemma, pos);
    const first = entry?.offsets[0];
    if (!entry || first === undefined) return new Set();
    if (entry.offsets.length > 1) {
      const tagged = entry.offsets.reduce((sum, o) => sum + this.wordnet.tagCount(lemma, pos, o), 0);
      if (tagged === 0 || this.wordnet.tagCount(lemma, pos, first) / tagged < MIN_USUAL_SENSE_SHARE) return new Set();
    }
    return new Set(this.wordnet.synsets(lemma, pos)[0]?.lemmas ?? []);
  }
}

/** The replacement words with the first one capitalised like the text they replace. */
function matchCase(model: string, words: readonly string[]): string[] {
  const out = [...words];
  if (/^\p{Lu}/u.test(model) && out[0]) out[0] = out[0].charAt(0).toUpperCase() + out[0].slice(1);
  return out;
}

/** Tokens for replacement words: the first takes the replaced text's opening, the last its ending. */
export function replacementTokens(replaced: readonly Token[], words: readonly string[]): Token[] {
  const first = replaced[0]!;
  const last = replaced[replaced.length - 1]!;
  return words.map((word, k) => {
    const token = syntheticToken(word, [...tagsOnItsOwn(word.toLowerCase())]);
    return { ...token, pre: k === 0 ? first.pre : '', post: k === words.length - 1 ? last.post : ' ' };
  });
}
