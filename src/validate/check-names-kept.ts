import { words } from '../text/sentences.js';
import { extractNames } from './extract-names.js';
import { nameKey, nameWord } from './name-key.js';
import { quoteList } from './quote-list.js';
import { clamp01, type TextCheck } from './text-check.js';

/**
 * A name is kept when the output has it whole, or, for a name of several words, its last word of
 * three letters or more: a simplifier may write "Nehru" for "Jawaharlal Nehru" or drop a title.
 */
function isKept(name: string, outputKey: string): boolean {
  const parts = words(name).map(nameWord);
  if (outputKey.includes(` ${parts.join(' ')} `)) return true;
  const last = [...parts].reverse().find((w) => [...w].length >= 3);
  return parts.length > 1 && last !== undefined && outputKey.includes(` ${last} `);
}

/**
 * The names of the source appear in the output (see extractNames for which names count). A text
 * of ten names or more may lose one in ten, since simplifying drops asides; a shorter one none.
 */
export const checkNamesKept: TextCheck = (request, options) => {
  const names = extractNames(request.source ?? '', {
    language: request.sourceLanguage,
    translated: request.translated,
    nlpMaxChars: options.nlpMaxChars,
  });
  if (names.length === 0) return { name: 'names-kept', passed: true, score: 1, detail: 'no names to compare' };
  const outputKey = nameKey(request.output ?? '');
  const lost = names.filter((n) => !isKept(n, outputKey));
  const allowed = Math.floor(names.length / 10);
  return {
    name: 'names-kept',
    passed: lost.length <= allowed,
    score: clamp01((names.length - lost.length) / names.length),
    detail: lost.length === 0 ? `all ${names.length} names kept` : `${lost.length} of ${names.length} names missing: ${quoteList(lost)}`,
  };
};
