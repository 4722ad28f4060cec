/**
 * Checks a model's answer for signs that it is not text about the source at all, before the
 * validator judges its quality. Random or broken weights, a wrong chat template or a model that
 * lost the thread produce byte soup and unrelated words that can still pass reading-level and
 * length rules on a short text (measured: a random-weight model's "� instructions�1 themk Kw� I
 * atu , word earth" passed them for "Plants need water to grow.").
 */
export function outputSanityProblem(output: string, source: string, translated: boolean): string | null {
  if (output.includes('\uFFFD')) return 'contains broken characters (U+FFFD)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u.test(output)) return 'contains control characters';
  if (translated) return null;
  // A simplification keeps the subject's words: at least some of the source's longer words must
  // survive (simpler synonyms replace some, never nearly all).
  const sourceWords = contentWords(source);
  if (sourceWords.size < 4) return null;
  const outputWords = contentWords(output);
  let kept = 0;
  for (const word of sourceWords) if (outputWords.has(word)) kept++;
  const share = kept / sourceWords.size;
  return share < MIN_KEPT_SHARE ? `keeps only ${Math.round(share * 100)}% of the source's content words` : null;
}

const MIN_KEPT_SHARE = 0.3;

function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().normalize('NFC').match(/[\p{L}\p{M}]{4,}/gu) ?? [];
  return new Set(words);
}
