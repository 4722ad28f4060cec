import { clamp01, type TextCheck } from './text-check.js';

/**
 * Output length over source length, in visible base characters (see visibleLength). The bounds are
 * chosen, not fitted: a simplification may shorten a text to a fifth (dropping asides) or
 * lengthen it by half (explaining terms). A translation is judged more loosely, the product of
 * the simplification bounds and the script's own length: on the service's hand-translated
 * message tables the same sentence takes 0.24-1.50 times the English characters (whole tables:
 * Hindi 0.58, Tamil 0.88, Urdu 0.94), measured by `node --import tsx
 * scripts/bench/translation-length.ts`; 0.2 x 0.5 and 1.5 x 1.5 rounded out give 0.1-2.5.
 */
export const SIMPLIFY_BOUNDS = { min: 0.2, max: 1.5 } as const;
export const TRANSLATE_BOUNDS = { min: 0.1, max: 2.5 } as const;
/** Characters either side of the bounds that are always allowed, so a one-line source is not judged by ratio alone. */
const SLACK = 20;

/**
 * Characters that are neither white space nor combining marks nor joiners: a consonant with its
 * vowel sign counts once in any script, close to a grapheme count. (Intl.Segmenter would count
 * grapheme clusters exactly but takes quadratic time on long text.)
 */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(/[^\s\p{M}\u200c\u200d]/gu)) n++;
  return n;
}

export const checkLengthRatio: TextCheck = (request) => {
  const source = visibleLength(request.source ?? '');
  const output = visibleLength(request.output ?? '');
  if (source === 0) return { name: 'length-ratio', passed: true, score: 1, detail: 'source is empty' };
  const bounds = request.translated ? TRANSLATE_BOUNDS : SIMPLIFY_BOUNDS;
  const ratio = output / source;
  const tooShort = output < bounds.min * source - SLACK;
  const tooLong = output > bounds.max * source + SLACK;
  const score = tooShort ? ratio / bounds.min : tooLong ? bounds.max / ratio : 1;
  return {
    name: 'length-ratio',
    passed: !tooShort && !tooLong,
    score: clamp01(score),
    detail: `output/source ${ratio.toFixed(2)} (${output}/${source} chars), allowed ${bounds.min}-${bounds.max}`,
  };
};
