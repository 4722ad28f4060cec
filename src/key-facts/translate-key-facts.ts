import { isTranslationFailed } from '../core/errors.js';
import type { KeyFact, KeyFacts, KeyFactsTranslateRequest } from '../core/key-facts.js';
import { countScripts, LANGUAGES } from '../core/languages.js';
import type { Validator } from '../core/ports.js';
import { extractNumbers } from '../validate/extract-numbers.js';

/**
 * A translated value passes every check a translation passes but reading-level: a fact is the
 * source's own words, never simplified, so a grade ceiling says nothing about it.
 */
const NOT_JUDGED = new Set(['reading-level']);

/**
 * The block in the reply language: every value translated in ONE request (the values as lines,
 * so it costs what one short translation costs) through the pipeline's translator chain. A value
 * is taken only when its line passes the translation checks and has exactly the numbers of its
 * source value; otherwise, and whenever no translation comes back, the source value stays. A fact
 * is never dropped or added. Translated facts keep their source text in `original`.
 */
export async function translateKeyFacts(facts: KeyFacts, request: KeyFactsTranslateRequest): Promise<KeyFacts> {
  const { translator, validator } = request;
  if (facts.facts.length === 0 || facts.language === request.to) return facts;
  const values = facts.facts.map((fact) => oneLine(fact.text));
  // One value a paragraph: a model path translates paragraph by paragraph and keeps the breaks,
  // where single line breaks would be joined into one sentence.
  const result = await translator
    .translate({ text: values.join('\n\n'), from: facts.language, to: request.to, grade: request.grade, subject: request.subject, signal: request.signal })
    .catch((err: unknown) => {
      // The source values are still true; a failed translation only leaves them as written.
      if (isTranslationFailed(err)) return null;
      throw err;
    });
  if (!result || result.language !== request.to) return facts;
  const lines = result.text.split(/\n+/u).map((line) => line.trim()).filter((line) => line.length > 0);
  // A line merged or split by the translator cannot be matched to its fact: keep them all.
  if (lines.length !== values.length) return facts;
  // The language check needs its model loaded; without this a first request would pass untranslated text.
  await validator.ready?.();
  let translatedAny = false;
  const translated: KeyFact[] = facts.facts.map((fact, i) => {
    const value = lines[i]!;
    // A value given back as it was (a name, an amount) is the source's text, not a translation.
    if (value === values[i] || !valuePasses(validator, fact.text, value, facts.language, request)) return fact;
    translatedAny = true;
    return { ...fact, text: value, original: fact.text };
  });
  if (!translatedAny) return facts;
  return { ...facts, facts: translated, language: request.to, originalLanguage: facts.language, translatedBy: result.backend.name };
}

function valuePasses(validator: Validator, source: string, value: string, sourceLanguage: string, request: KeyFactsTranslateRequest): boolean {
  if (!sameNumbers(source, value) || leftInSourceScript(source, value, sourceLanguage, request.to)) return false;
  const report = validator.validate({ source, sourceLanguage, output: value, outputLanguage: request.to, grade: request.grade, translated: true });
  return report.checks.every((check) => check.passed || NOT_JUDGED.has(check.name));
}

/** Every number of the source value is in the translation and the translation has no other (any digit system). */
function sameNumbers(source: string, value: string): boolean {
  const had = extractNumbers(source);
  const has = extractNumbers(value);
  const hadKeys = new Set(had.flatMap((n) => n.keys));
  const hasKeys = new Set(has.flatMap((n) => n.keys));
  return had.every((n) => n.keys.some((k) => hasKeys.has(k))) && has.every((n) => n.keys.some((k) => hadKeys.has(k)));
}

/**
 * A short value the checks cannot judge ("report card": too short to identify, and its Latin
 * words are the source's, which the script check tolerates as names) but that has words and none
 * in the reply's script: left untranslated, so the source value stays.
 */
function leftInSourceScript(source: string, value: string, from: string, to: string): boolean {
  const wanted = LANGUAGES.get(to)?.script;
  if (!wanted || wanted === LANGUAGES.get(from)?.script) return false;
  const hasLetters = (text: string) => /\p{L}/u.test(text);
  return hasLetters(source) && hasLetters(value) && (countScripts(value).get(wanted) ?? 0) === 0;
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
