/**
 * What SARI does not see about an output's sentences (issue 17): how many are fragments (no main
 * verb, sentence-fragment.ts) and how much of the source's content (its nouns, verbs and
 * adjectives) survives. Fragments are counted only on lines whose source has none, so a heading
 * in the input is not held against the output.
 */
import nlp from 'compromise';
import { fragmentSentences, sentenceCount } from '../../src/text/sentence-fragment.js';

export interface SentenceQuality {
  /** Share of output sentences that lack a main verb, on lines whose source sentences all have one, 0-100. */
  fragments: number;
  /** Share of the source's content words (nouns, verbs, adjectives) found in the output, 0-100. */
  contentKept: number;
}

const FUNCTION_VERBS = new Set(['be', 'is', 'am', 'are', 'was', 'were', 'been', 'being', 'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must']);

function contentWords(line: string): string[] {
  const terms = nlp(line).json({ terms: { normal: true, tags: true } }) as Array<{ terms: Array<{ normal: string; tags: string[] }> }>;
  return terms
    .flatMap((s) => s.terms)
    .filter((t) => /\p{L}/u.test(t.normal) && !t.tags.includes('Pronoun') && !FUNCTION_VERBS.has(t.normal))
    .filter((t) => t.tags.includes('Noun') || t.tags.includes('Verb') || t.tags.includes('Adjective'))
    .map((t) => t.normal);
}

const wordsOf = (line: string) => new Set(line.toLowerCase().split(/[^\p{L}\p{N}'-]+/u).filter(Boolean));

export function sentenceQuality(sources: readonly string[], outputs: readonly string[]): SentenceQuality {
  let sentences = 0;
  let fragments = 0;
  let content = 0;
  let kept = 0;
  sources.forEach((source, i) => {
    const output = outputs[i] ?? '';
    if (fragmentSentences(source).length === 0) {
      sentences += sentenceCount(output);
      fragments += fragmentSentences(output).length;
    }
    const have = wordsOf(output);
    for (const word of contentWords(source)) {
      content++;
      if (have.has(word)) kept++;
    }
  });
  return { fragments: sentences ? (100 * fragments) / sentences : 0, contentKept: content ? (100 * kept) / content : 100 };
}
