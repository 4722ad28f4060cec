import { nlp } from '../text/compromise.js';
import { words } from '../text/sentences.js';
import { canonicalNumber, extractNumbers } from './extract-numbers.js';
import { NUMBER_WORDS } from './number-words.js';
import { quoteList } from './quote-list.js';
import { clamp01, type TextCheck } from './text-check.js';

/** Values of numbers written as words in the output: "दो लाख" -> 2, 200000. */
function numberWordKeys(text: string, language: string): Set<string> {
  const keys = new Set<string>();
  const table = NUMBER_WORDS[language];
  if (!table) return keys;
  const tokens = words(text).map((w) => w.toLowerCase());
  tokens.forEach((token, i) => {
    const unit = table.units[token];
    const factor = table.multipliers[token];
    if (factor !== undefined) keys.add(String(factor));
    if (unit === undefined) return;
    keys.add(String(unit));
    const nextFactor = table.multipliers[tokens[i + 1] ?? ''];
    if (nextFactor !== undefined) keys.add(String(unit * nextFactor));
  });
  return keys;
}

/** English numbers in words of any shape ("two hundred and fifty", "1.5 million"), via compromise. */
function englishNumberKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const value of nlp(text).numbers().get() as unknown[]) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const [integer = '', fraction = ''] = String(Math.abs(value)).split('.');
    if (/^\d+$/.test(integer)) keys.add(canonicalNumber(integer, fraction));
  }
  return keys;
}

/**
 * Every number of the source, written in digits of any Indian script, appears in the output, as
 * digits of any script or, where the digits are not found, as number words of the output language.
 * A multiplier word counts both ways ("1,50,000" is kept by "1.5 lakh"). Only the source's digit
 * numbers are required: its number words ("one of the...") are often rephrased honestly.
 */
export const checkNumbersKept: TextCheck = (request, options) => {
  const source = request.source ?? '';
  const output = request.output ?? '';
  const required = new Map<string, { text: string; keys: string[] }>();
  for (const mention of extractNumbers(source)) required.set(mention.keys[0]!, mention);
  if (required.size === 0) return { name: 'numbers-kept', passed: true, score: 1, detail: 'no numbers in the source' };

  const present = new Set(extractNumbers(output).flatMap((m) => m.keys));
  const missing = () => [...required.values()].filter((m) => !m.keys.some((k) => present.has(k)));
  let lost = missing();
  if (lost.length > 0) {
    for (const key of numberWordKeys(output, request.outputLanguage)) present.add(key);
    if (request.outputLanguage === 'en' && output.length <= options.nlpMaxChars) {
      for (const key of englishNumberKeys(output)) present.add(key);
    }
    lost = missing();
  }
  const total = required.size;
  const kept = total - lost.length;
  return {
    name: 'numbers-kept',
    passed: lost.length === 0,
    score: clamp01(kept / total),
    detail: lost.length === 0 ? `all ${total} numbers kept` : `${lost.length} of ${total} numbers missing: ${quoteList(lost.map((m) => m.text))}`,
  };
};
