import { nlp } from '../../text/compromise.js';

/**
 * One word of an English sentence with the text around it, as compromise tagged it. Joining every
 * token's pre + text + post gives the input back exactly, so edits touch only what they mean to.
 */
export interface Token {
  /** Punctuation and spaces before the word, e.g. an opening quote. */
  pre: string;
  text: string;
  /** Punctuation and spaces after the word, e.g. ", ". */
  post: string;
  /** Lower-case form without punctuation. */
  normal: string;
  /** compromise's part-of-speech tags, e.g. Noun, Plural, ProperNoun, PastTense. */
  tags: ReadonlySet<string>;
  /** Dictionary form (singular noun, infinitive verb, base adjective) where compromise knows it. */
  root?: string;
  /** The word a contraction stands for ("not" in "doesn't"), when the token is one. */
  implicit?: string;
}

interface CompromiseTerm {
  text: string;
  pre: string;
  post: string;
  normal: string;
  tags?: Set<string>;
  root?: string;
  implicit?: string;
}

/** Tags every word of the text with compromise. */
export function tagTokens(text: string): Token[] {
  const doc = nlp(text);
  doc.compute('root');
  const sentences = doc.docs as unknown as CompromiseTerm[][];
  return sentences.flat().map((t) => ({
    pre: t.pre,
    text: t.text,
    post: t.post,
    normal: t.normal,
    tags: t.tags ?? new Set<string>(),
    ...(t.root ? { root: t.root } : {}),
    ...(t.implicit ? { implicit: t.implicit } : {}),
  }));
}

export function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((t) => t.pre + t.text + t.post).join('');
}

/** A token the simplifier adds itself, such as the pronoun that opens a split-off clause. */
export function syntheticToken(text: string, tags: string[], post = ' '): Token {
  return { pre: '', text, post, normal: text.toLowerCase(), tags: new Set(tags) };
}

/** True when the token is a word rather than a contraction's silent half or bare punctuation. */
export function isWord(token: Token): boolean {
  return /[\p{L}\p{N}]/u.test(token.text);
}
