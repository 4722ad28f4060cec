import { fragmentSentences } from '../text/sentence-fragment.js';
import type { TextCheck } from './text-check.js';

/**
 * The output has no more sentences without a main verb than the source: a split or a cut that
 * leaves "A script that scholars have still not been able to read." on its own loses what the
 * sentence said. English output only (the check needs compromise's tagger); other languages pass
 * as not checked. Text longer than nlpMaxChars is not parsed.
 */
export const checkFragments: TextCheck = (request, options) => {
  const output = request.output ?? '';
  if (request.outputLanguage !== 'en' || request.sourceLanguage !== 'en' || output.length + request.source.length > 2 * options.nlpMaxChars) {
    return { name: 'fragments', passed: true, score: 1, detail: 'not checked: English only' };
  }
  const made = fragmentSentences(output).length;
  const had = fragmentSentences(request.source).length;
  const passed = made <= had;
  return {
    name: 'fragments',
    passed,
    score: passed ? 1 : 0,
    detail: `${made} sentence(s) without a main verb in the output, ${had} in the source`,
  };
};
