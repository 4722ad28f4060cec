/**
 * How many visible characters the same sentence takes in each language against English, measured
 * on the service's own message tables (every sentence a user reads, translated by hand: a small
 * parallel corpus that lives in the repository). Reproduces the figures behind the translation
 * length bounds in src/validate/check-length-ratio.ts.
 * Run: node --import tsx scripts/bench/translation-length.ts
 */
import { ENGLISH_MESSAGES, MESSAGE_TABLES, type MessageKey } from '../../src/core/message-tables.js';
import { TRANSLATE_BOUNDS, visibleLength } from '../../src/validate/check-length-ratio.js';

/** The n-th of 100 percentiles of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

console.log(`translation bounds in use: ${TRANSLATE_BOUNDS.min}-${TRANSLATE_BOUNDS.max} (output/source characters)`);
console.log('lang  pairs  total ratio  per-sentence p5 / median / p95  min / max');
for (const [language, table] of Object.entries(MESSAGE_TABLES)) {
  if (language === 'en') continue;
  const ratios: number[] = [];
  let english = 0;
  let translated = 0;
  for (const [key, text] of Object.entries(table) as Array<[MessageKey, string]>) {
    // Placeholders ({limit}) are not language: they are left out of both sides.
    const source = visibleLength(ENGLISH_MESSAGES[key].replace(/\{\w+\}/gu, ''));
    const target = visibleLength(text.replace(/\{\w+\}/gu, ''));
    if (source < 20) continue;
    english += source;
    translated += target;
    ratios.push(target / source);
  }
  ratios.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2);
  console.log(`${language.padEnd(5)} ${String(ratios.length).padStart(5)}  ${f(translated / english).padStart(11)}  ${f(percentile(ratios, 5))} / ${f(percentile(ratios, 50))} / ${f(percentile(ratios, 95))}               ${f(ratios[0]!)} / ${f(ratios.at(-1)!)}`);
}
