import type { KeyFact, KeyFacts, KeyFactsFinder, KeyFactsRequest, KeyFactsTranslateRequest } from '../core/key-facts.js';
import { ENGLISH_FACT_PATTERNS } from './english-fact-patterns.js';
import type { LanguageFactPatterns } from './fact-patterns.js';
import { groundedFacts } from './grounded-facts.js';
import { HINDI_FACT_PATTERNS, TAMIL_FACT_PATTERNS } from './indic-fact-patterns.js';
import { noticeSentences } from './notice-sentences.js';
import { translateKeyFacts } from './translate-key-facts.js';

/** Notices are a page or two; a longer text is a chapter, and looking through it costs time for nothing. */
const MAX_NOTICE_CHARS = 8000;
/** A block longer than this is no longer "at a glance". */
const MAX_FACTS = 12;

const PATTERNS: Readonly<Record<string, LanguageFactPatterns>> = { en: ENGLISH_FACT_PATTERNS, hi: HINDI_FACT_PATTERNS, ta: TAMIL_FACT_PATTERNS };

/**
 * The default key-facts finder: no model, a few milliseconds. A text is a notice when it names a
 * date or time and asks the reader for something (an instruction, a thing to bring, a payment),
 * or when it calls itself one ("circular", "सूचना") and names any fact. A textbook page, which
 * explains rather than asks, gets no block.
 */
export class RuleBasedKeyFacts implements KeyFactsFinder {
  readonly name = 'rule-based';

  async find(request: KeyFactsRequest): Promise<KeyFacts | null> {
    const patterns = PATTERNS[request.language];
    if (!patterns || request.text.length > MAX_NOTICE_CHARS) return null;
    const facts: KeyFact[] = [];
    let asks = false;
    for (const sentence of noticeSentences(request.text)) {
      request.signal?.throwIfAborted();
      const found = patterns.sentence(sentence);
      asks ||= found.instruction;
      facts.push(...found.facts);
    }
    const unique = dedupe(facts);
    const timed = unique.some((f) => f.kind === 'when' || f.kind === 'time' || f.kind === 'deadline');
    asks ||= unique.some((f) => f.kind === 'pay' || f.kind === 'bring');
    const notice = (timed && asks) || (patterns.noticeWords.test(request.text) && unique.length > 0);
    if (!notice) return null;
    const squashed = squash(request.text);
    const kept = groundedFacts(unique, request.text).filter((f) => squashed.includes(squash(f.text)));
    return kept.length > 0 ? { facts: kept.slice(0, MAX_FACTS), language: request.language, by: this.name } : null;
  }

  translate(facts: KeyFacts, request: KeyFactsTranslateRequest): Promise<KeyFacts> {
    return translateKeyFacts(facts, request);
  }
}

/** One line per fact text: the same date named twice, or a time inside a longer range, is said once. */
function dedupe(facts: KeyFact[]): KeyFact[] {
  const kept: KeyFact[] = [];
  for (const fact of facts) {
    if (kept.some((k) => k.text === fact.text || (k.kind === fact.kind && k.text.includes(fact.text)))) continue;
    kept.push(fact);
  }
  return kept;
}

function squash(text: string): string {
  return text.replace(/\s+/gu, ' ');
}
