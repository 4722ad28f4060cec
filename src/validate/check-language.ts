import { languageName } from './language-label.js';
import { clamp01, type TextCheck } from './text-check.js';

/** Fewest letters worth identifying: below it fastText's guess is noise. */
const MIN_LETTERS = 12;
/**
 * When the asked language is not the top guess, the text still passes if the guess is unsure
 * (top guess under TOP_CERTAIN) and the asked language is a close second (at least
 * MIN_PROBABILITY): mixed text, names and short sentences blur fastText's answer.
 */
const MIN_PROBABILITY = 0.3;
const TOP_CERTAIN = 0.5;

/**
 * A translation is in the language asked for: Marathi returned for Hindi, Assamese for Bengali or
 * English left untranslated all fail. Links, addresses, numbers and handles are left out first
 * (they are in no language). Only translations are judged; when the identifier is not loaded the
 * check passes and says so.
 */
export const checkLanguage: TextCheck = (request, options) => {
  if (!request.translated) return { name: 'language', passed: true, score: 1, detail: 'not a translation' };
  const text = (request.output ?? '')
    .replace(/\S+@\S+|https?:\/\/\S+|www\.\S+|\S+\.\S+\/\S*|[@#]\w+|<ID\d+>/gu, ' ')
    .replace(/[\p{N}\p{P}\p{S}]+/gu, ' ');
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters < MIN_LETTERS) return { name: 'language', passed: true, score: 1, detail: 'too short to identify' };
  const guesses = options.identifyLanguage?.(text) ?? null;
  if (!guesses || guesses.length === 0) return { name: 'language', passed: true, score: 1, detail: 'language identification unavailable' };
  const wanted = request.outputLanguage;
  const top = guesses[0]!;
  const asked = guesses.find((g) => g.language === wanted)?.probability ?? 0;
  const passed = top.language === wanted || (asked >= MIN_PROBABILITY && top.probability < TOP_CERTAIN);
  return {
    name: 'language',
    passed,
    score: clamp01(asked),
    detail: passed
      ? `reads as ${languageName(wanted)} (${asked.toFixed(2)})`
      : `reads as ${languageName(top.language)} (${top.probability.toFixed(2)}), not ${languageName(wanted)} (${asked.toFixed(2)})`,
  };
};
