import { words } from '../text/sentences.js';
import { extractNames } from './extract-names.js';
import { nameKey, nameWord } from './name-key.js';
import { nameSkeleton } from './name-skeleton.js';
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

/** The name's last word of two consonants or more appears, transliterated, among the output's words. */
function isTransliterated(name: string, outputSkeletons: ReadonlySet<string>): boolean {
  const skeletons = words(name).map(nameSkeleton).filter((s) => s.length >= 2);
  const last = skeletons.at(-1);
  return last !== undefined && outputSkeletons.has(last);
}

/**
 * The names of the source appear in the output (see extractNames for which names count). A text
 * of ten names or more may lose one in ten, since simplifying drops asides; a shorter one none.
 */
export const checkNamesKept: TextCheck = (request, options) => {
  // English translated into another script: people's names come back transliterated, so they
  // count too, compared by consonant skeleton ("Gandhi" and "गांधी" are both k-n-t).
  const acrossScripts = request.translated && request.sourceLanguage === 'en' && request.outputLanguage !== 'en';
  const names = extractNames(request.source ?? '', {
    language: request.sourceLanguage,
    translated: request.translated,
    transliterated: acrossScripts,
    nlpMaxChars: options.nlpMaxChars,
  });
  if (names.length === 0) return { name: 'names-kept', passed: true, score: 1, detail: 'no names to compare' };
  const outputKey = nameKey(request.output ?? '');
  const outputSkeletons = acrossScripts ? new Set(words(request.output ?? '').map(nameSkeleton).filter((s) => s.length > 0)) : null;
  const lost = names.filter((n) => !isKept(n, outputKey) && !(outputSkeletons && isTransliterated(n, outputSkeletons)));
  const allowed = Math.floor(names.length / 10);
  return {
    name: 'names-kept',
    passed: lost.length <= allowed,
    score: clamp01((names.length - lost.length) / names.length),
    detail: lost.length === 0 ? `all ${names.length} names kept` : `${lost.length} of ${names.length} names missing: ${quoteList(lost)}`,
  };
};
