import { message, type MessageKey } from './messages.js';

/** What a fact tells the reader: when, what time, where, what to bring, do or pay, and by when. */
export type KeyFactKind = 'when' | 'time' | 'where' | 'bring' | 'do' | 'pay' | 'deadline';

export interface KeyFact {
  kind: KeyFactKind;
  /** The fact as the source writes it: never reworded, so every number is exactly the source's. */
  text: string;
}

/** The "what you need to do" block of a notice or circular; null for anything else. */
export interface KeyFacts {
  facts: KeyFact[];
  /** Language of the fact texts (the source's). */
  language: string;
  /** Who wrote it: the rule-based finder, or a model whose block passed the same check. */
  by: string;
}

export interface KeyFactsRequest {
  /** The extracted source text. */
  text: string;
  language: string;
  signal?: AbortSignal;
}

/** Finds the key facts of a notice; returns null for text that is not one (a textbook page). */
export interface KeyFactsFinder {
  find(request: KeyFactsRequest): Promise<KeyFacts | null>;
}

const ORDER: KeyFactKind[] = ['when', 'time', 'where', 'bring', 'do', 'pay', 'deadline'];

/** The block as the reply opens with it: a heading in the reader's language, then one line per fact. */
export function renderKeyFacts(facts: KeyFacts, language: string): string {
  const lines = sorted(facts.facts).map((fact) => `• ${message(language, `facts.${fact.kind}` as MessageKey)}: ${fact.text}`);
  return [`📌 ${message(language, 'facts.heading')}`, ...lines].join('\n');
}

/** The block as the voice note reads it first: no bullets or pins, one sentence per fact. */
export function spokenKeyFacts(facts: KeyFacts, language: string): string {
  const stop = language === 'ur' ? '۔' : ['hi', 'bn', 'pa', 'or', 'as'].includes(language) ? '।' : '.';
  const lines = sorted(facts.facts).map((fact) => `${message(language, `facts.${fact.kind}` as MessageKey)}: ${fact.text.replace(/[.।۔]+$/u, '')}${stop}`);
  return [`${message(language, 'facts.heading')}${stop}`, ...lines].join('\n');
}

function sorted(facts: readonly KeyFact[]): KeyFact[] {
  return [...facts].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}
