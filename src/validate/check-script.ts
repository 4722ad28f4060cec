import { countScripts, LANGUAGES } from '../core/languages.js';
import { clamp01, type TextCheck } from './text-check.js';

/** Share of letters that must be in the output language's script. */
const MIN_SHARE = 0.85;
const LATIN_TOKEN = /(?<![\p{L}\p{M}])[A-Za-z]+(?![\p{L}\p{M}])/gu;

/**
 * The output is mostly written in the script of its language. Digits and punctuation are not
 * letters and do not count. In a non-Latin output, Latin acronyms (DNA) and Latin words the source
 * also has (names carried over: Newton) are tolerated and left out of the share.
 */
export const checkScript: TextCheck = (request) => {
  const info = LANGUAGES.get(request.outputLanguage);
  if (!info) return { name: 'script', passed: true, score: 1, detail: 'unknown output language: script not checked' };
  const output = request.output ?? '';
  const counts = countScripts(output);
  let total = 0;
  for (const n of counts.values()) total += n;
  let tolerated = 0;
  if (info.script !== 'Latin') {
    const sourceWords = new Set((request.source ?? '').match(LATIN_TOKEN)?.map((w) => w.toLowerCase()) ?? []);
    for (const [token] of output.matchAll(LATIN_TOKEN)) {
      if (/^[A-Z]{2,}$/u.test(token) || sourceWords.has(token.toLowerCase())) tolerated += token.length;
    }
  }
  const judged = total - tolerated;
  if (judged <= 0) return { name: 'script', passed: true, score: 1, detail: 'no letters to judge' };
  const share = (counts.get(info.script) ?? 0) / judged;
  const others = [...counts.entries()]
    .filter(([script]) => script !== info.script)
    .sort((a, b) => b[1] - a[1])
    .map(([script, n]) => `${script} ${n}`)
    .slice(0, 3);
  return {
    name: 'script',
    passed: share >= MIN_SHARE,
    score: clamp01(share),
    detail: `${Math.round(share * 100)}% of ${judged} letters in ${info.script}${others.length ? ` (others: ${others.join(', ')}; ${tolerated} tolerated)` : ''}`,
  };
};
