import { message, type MessageKey } from './messages.js';
import type { Translator, Validator } from './ports.js';

/** What a fact tells the reader: when, what time, where, what to bring, do or pay, and by when. */
export type KeyFactKind = 'when' | 'time' | 'where' | 'bring' | 'do' | 'pay' | 'deadline';

export interface KeyFact {
  kind: KeyFactKind;
  /**
   * The fact as the source writes it, or its translation into the block's language when that kept
   * every number exactly and passed the translation checks: never reworded otherwise.
   */
  text: string;
  /** The source's text, set when `text` is a translation. */
  original?: string;
}

/** The "what you need to do" block of a notice or circular; null for anything else. */
export interface KeyFacts {
  facts: KeyFact[];
  /** Language of the block: the source's, or the reply's when its values were translated. */
  language: string;
  /** Who wrote it: the rule-based finder, or a model whose block passed the same check. */
  by: string;
  /** Set when values were translated: the source's language (facts without `original` are still in it). */
  originalLanguage?: string;
  /** The translation path that translated the values. */
  translatedBy?: string;
}

export interface KeyFactsRequest {
  /** The extracted source text. */
  text: string;
  language: string;
  signal?: AbortSignal;
}

export interface KeyFactsTranslateRequest {
  /** The reply language. */
  to: string;
  grade: number;
  subject?: string;
  /** The pipeline's own translator chain and validator, so the block costs no second setup. */
  translator: Translator;
  validator: Validator;
  signal?: AbortSignal;
}

/** Finds the key facts of a notice; returns null for text that is not one (a textbook page). */
export interface KeyFactsFinder {
  find(request: KeyFactsRequest): Promise<KeyFacts | null>;
  /**
   * The block with its values in the reply language where a translation keeps them true; every
   * other value as found. Never drops or adds a fact. A finder without it keeps source values.
   */
  translate?(facts: KeyFacts, request: KeyFactsTranslateRequest): Promise<KeyFacts>;
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
