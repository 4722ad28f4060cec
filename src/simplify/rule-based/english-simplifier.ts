import { splitSentences } from '../../text/sentences.js';
import { moveBirthAside } from './birth-aside.js';
import { splitClauses } from './clause-splitter.js';
import { DescriptiveAdjectives, type ModifierLexicon } from './descriptive-modifiers.js';
import { DetailAdverbs } from './detail-adverbs.js';
import { dropOptionalDetail, type DetailOptions } from './detail-dropper.js';
import { dropFusedHeading } from './fused-heading.js';
import { EmphasisAdverbs } from './emphasis-adverbs.js';
import type { SimplificationPolicy } from './grade-policy.js';
import { LexicalSubstituter, type SubstitutionOptions } from './lexical-substituter.js';
import { trimModifiers, trimOpening } from './modifier-trimmer.js';
import { moveOpeningPhrase } from './opening-phrase-mover.js';
import { replacementTokens, type PlainLanguagePhrases } from './plain-language-phrases.js';
import { removeParentheticals } from './parenthetical-remover.js';
import { articleBefore } from './indefinite-article.js';
import { isInstruction } from './instruction.js';
import { joinTokens, tagTokens, type Token } from './tokens.js';
import { WordFrequency } from './word-frequency.js';
import { WordNet } from './wordnet.js';
import { dropWordyFunctionWords } from './wordy-constructions.js';

const MAX_SENTENCE_CHARS = 2000;

/** Which steps run; all on by default. The benchmark switches them to measure each one. */
export interface EnglishSteps {
  parentheticals?: boolean;
  trim?: boolean;
  split?: boolean;
  substitute?: boolean;
  /** Replace wordy phrases with plain ones (when a phrase table is given). */
  phrases?: boolean;
  /** Drop a section heading glued to the start of a sentence ("History The district ..."). */
  headings?: boolean;
  /** Drop the "that" of "said that ..." and the "located" of "is located in". */
  wordy?: boolean;
  /** Overrides of the grade's policy, for tuning. */
  policy?: Partial<Omit<SimplificationPolicy, 'dropDetail'>>;
  /** Overrides of which kinds of optional detail the grade's policy drops, for measuring each one. */
  detail?: Partial<DetailOptions>;
  /** Overrides of the substitution thresholds, for tuning. */
  substitution?: Partial<SubstitutionOptions>;
}

/**
 * The English path: drop bracketed asides, trim empty modifiers, split long sentences at clause
 * boundaries, then swap rare words for common synonyms. Lexical resources load on first use and
 * are shared by every call.
 */
export class EnglishSimplifier {
  private readonly emphasis: EmphasisAdverbs;
  private readonly detailAdverbs: DetailAdverbs;
  private readonly substituter: LexicalSubstituter;
  private readonly modifiers: ModifierLexicon;

  constructor(
    private readonly wordnet: WordNet = new WordNet(),
    frequency: WordFrequency = new WordFrequency(),
    private readonly steps: EnglishSteps = {},
    private readonly phrases?: PlainLanguagePhrases,
  ) {
    this.emphasis = new EmphasisAdverbs(wordnet);
    this.detailAdverbs = new DetailAdverbs(wordnet);
    this.modifiers = { adjectives: new DescriptiveAdjectives(wordnet), adverbs: this.detailAdverbs, emphasis: this.emphasis };
    this.substituter = new LexicalSubstituter(wordnet, frequency);
  }

  /** Simplifies one paragraph; the result is one paragraph of one or more sentences. */
  simplifyParagraph(paragraph: string, policy: SimplificationPolicy): string {
    // A heading, a label or a sign-off ("Circular No. 42", "Principal, Mrs. Sharma") is not a
    // sentence: the tagger misreads its words ("Circular" as the adjective) and a synonym would
    // rename a thing or a title, so it is kept as written.
    if (isHeadingLike(paragraph)) return paragraph.trim();
    const out: string[] = [];
    for (const raw of splitSentences(paragraph, 'en')) {
      const sentence = this.steps.headings === false ? raw : dropFusedHeading(raw, this.wordnet);
      // moveBirthAside may add a sentence: each piece is simplified on its own.
      for (const piece of splitSentences(moveBirthAside(sentence), 'en')) out.push(...this.simplifySentence(piece, policy));
    }
    const text = out.join(' ').trim();
    return text.length > 0 ? text : paragraph.trim();
  }

  /** Simplifies one sentence into one or more sentences. */
  simplifySentence(sentence: string, gradeDefaults: SimplificationPolicy): string[] {
    const steps = this.steps;
    const policy = steps.policy ? { ...gradeDefaults, ...steps.policy } : gradeDefaults;
    const cleaned = steps.parentheticals === false ? sentence : removeParentheticals(sentence, policy);
    // A run-on "sentence" this long is no prose (a table or list flattened by extraction); the
    // tagger and the splitter would cost far more than it is worth, so it only loses its asides.
    if (cleaned.length > MAX_SENTENCE_CHARS) return [cleaned.trim()];
    let tokens = tagTokens(cleaned);
    if (tokens.length === 0) return [sentence.trim()];
    if (steps.trim !== false) tokens = trimModifiers(tokens, policy, this.emphasis);
    if (steps.wordy !== false) tokens = dropWordyFunctionWords(tokens);
    if (!isInstruction(tokens)) tokens = dropOptionalDetail(tokens, { ...policy.dropDetail, ...steps.detail }, this.detailAdverbs, this.modifiers);
    let parts = steps.split === false ? [tokens] : splitClauses(tokens, policy);
    // A split can leave "However, ..." at the start of a new sentence: trim the openings again.
    if (steps.trim !== false && parts.length > 1) parts = parts.map((part, k) => (k === 0 ? part : trimOpening(part, policy)));
    if (policy.subjectFirst) parts = parts.map(moveOpeningPhrase);
    const sentences = parts.map((part) => joinTokens(this.substituteWords(part, policy)).trim());
    const nonEmpty = sentences.filter((s) => /[\p{L}\p{N}]/u.test(s));
    return nonEmpty.length > 0 ? nonEmpty : [sentence.trim()];
  }

  private substituteWords(tokens: Token[], policy: SimplificationPolicy): Token[] {
    const out: Token[] = [];
    // Tokens that are the input's own, unchanged: the article before a changed word is fixed below.
    const original = new Set<Token>();
    for (let i = 0; i < tokens.length; i++) {
      const phrase = this.steps.phrases === false ? null : this.phrases?.match(tokens, i);
      if (phrase) {
        out.push(...replacementTokens(tokens.slice(i, i + phrase.length), phrase.words));
        i += phrase.length - 1;
        continue;
      }
      const token = tokens[i]!;
      const substitution =
        this.steps.substitute === false
          ? null
          : this.substituter.substitute(token, i === 0, { rareRank: policy.rareWordRank, ...this.steps.substitution }, tokens[i - 1], tokens[i + 1]);
      if (substitution) {
        out.push({ ...token, text: substitution.replacement });
      } else {
        out.push(token);
        original.add(token);
      }
    }
    // "an individual" becomes "a single": the article follows the new word.
    for (let i = 0; i + 1 < out.length; i++) {
      const next = out[i + 1]!;
      if (!original.has(next)) out[i] = articleBefore(out[i]!, next.text);
    }
    return out;
  }
}

/** A short line that does not end like a sentence: a title, a label or a sign-off. */
export function isHeadingLike(paragraph: string): boolean {
  const text = paragraph.trim();
  const wordCount = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  return wordCount <= 8 && !/[.!?]["'”’)\]]*$/.test(text);
}
