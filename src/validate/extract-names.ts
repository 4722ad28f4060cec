import { nlp } from '../text/compromise.js';
import { chunkText } from '../text/chunk-text.js';
import { splitParagraphs, splitSentences } from '../text/sentences.js';
import { nameKey } from './name-key.js';

export interface ExtractNamesOptions {
  /** Language of the text. */
  language: string;
  /** True when the text will be compared with its translation: only names that survive it count. */
  translated: boolean;
  /**
   * With translated: the output is in another script, where people's names come back
   * transliterated (places and organisations are often translated: India -> भारत), so English
   * people's names count too. Defaults to false.
   */
  transliterated?: boolean;
  /** Longest text compromise parses; see CheckOptions. */
  nlpMaxChars: number;
}

const MAX_NAMES = 200;
const MAX_CANDIDATES = 1000;
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
// Two or more capitals (digits may sit between): NCERT, DNA, CO2, COVID. Roman numerals count too.
const ACRONYM = /^(?=(?:[0-9]*[A-Z]){2})[A-Z][A-Z0-9]{1,9}$/u;
// A Latin-script word that may be a name inside text of another script: a capital, then Latin
// letters or digits ("Newton", "NCERT", "COVID-19"). A word glued to another script's letters is not one.
const LATIN_NAME_WORD = /^[A-Z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*$/u;
// Unit symbols that simplifiers rightly spell out in the text's own language.
const UNITS = new Set(['km', 'kg', 'cm', 'mm', 'ml', 'mg', 'hz', 'khz', 'mhz', 'kw', 'kwh', 'kb', 'mb', 'gb', 'tb', 'am', 'pm']);
// Marks after which a capital starts a clause rather than a name.
const CLAUSE_OPENERS = new Set([':', ';', '"', '“', '”', '‘', '’', "'", '(', '[', '—', '–', '-', '•', '*', '.', '!', '?']);
const HONORIFICS = /^(?:dr|mr|mrs|ms|prof|shri|smt|sri|st)\.?$/i;

function isAcronym(token: string): boolean {
  return ACRONYM.test(token) && !UNITS.has(token.toLowerCase());
}

/** Capital then lower case ("Delhi"); acronyms are collected separately. */
function isCapitalised(token: string): boolean {
  return /^[A-Z][a-z]/u.test(token);
}

interface Token {
  text: string;
  index: number;
}

function tokens(sentence: string): Token[] {
  return [...sentence.matchAll(TOKEN)].map((m) => ({ text: m[0], index: m.index ?? 0 }));
}

function opensClause(sentence: string, index: number): boolean {
  // Walks back over white space only, so a long sentence costs no more than its tokens.
  let i = index - 1;
  while (i >= 0 && /\s/u.test(sentence[i]!)) i--;
  return i < 0 || CLAUSE_OPENERS.has(sentence[i]!);
}

/** Runs of Latin-script capitalised words, adjacent but for spaces, in text of another script. */
function latinNames(text: string): string[] {
  const names: string[] = [];
  let run: Token[] = [];
  const flush = () => {
    if (run.length > 0) names.push(run.map((t) => t.text).join(' '));
    run = [];
  };
  for (const token of tokens(text)) {
    if (!LATIN_NAME_WORD.test(token.text) || UNITS.has(token.text.toLowerCase())) {
      flush();
      continue;
    }
    const previous = run.at(-1);
    if (previous && !/^[ \t]+$/u.test(text.slice(previous.index + previous.text.length, token.index))) flush();
    run.push(token);
  }
  flush();
  return names;
}

/**
 * Heuristic names of English text: runs of capitalised words that do not start a sentence or
 * clause, plus acronyms. Title-case lines (headings) are skipped, and so is a capitalised word the
 * text also writes in lower case ("Water" in a heading, "water" in the text).
 */
function englishHeuristicNames(text: string): string[] {
  const lowerWords = new Set<string>();
  for (const m of text.matchAll(TOKEN)) if (/^[a-z]/u.test(m[0])) lowerWords.add(m[0]);
  const names: string[] = [];
  for (const sentence of chunkText(text).flatMap((c) => splitParagraphs(c)).flatMap((p) => splitSentences(p, 'en'))) {
    const toks = tokens(sentence);
    const letters = toks.filter((t) => /\p{L}/u.test(t.text));
    const capitalised = letters.filter((t) => /^[A-Z]/u.test(t.text)).length;
    if (letters.length >= 3 && capitalised / letters.length >= 0.6) continue;
    let run: Token[] = [];
    const flush = () => {
      if (run.length === 1 && lowerWords.has(run[0]!.text.toLowerCase())) run = [];
      if (run.length > 0) names.push(run.map((t) => t.text).join(' '));
      run = [];
    };
    toks.forEach((token, i) => {
      if (isAcronym(token.text)) {
        flush();
        names.push(token.text);
        return;
      }
      const adjacent = run.length > 0 && /^[ \t]+$/u.test(sentence.slice(run.at(-1)!.index + run.at(-1)!.text.length, token.index));
      if (isCapitalised(token.text) && i > 0 && (adjacent || !opensClause(sentence, token.index))) {
        if (!adjacent) flush();
        run.push(token);
      } else {
        flush();
      }
    });
    flush();
  }
  return names;
}

/** People, places and organisations that compromise finds, cut down to their capitalised words. */
function compromiseNames(text: string, kinds: 'all' | 'people' = 'all'): string[] {
  const doc = nlp(text);
  const found = (kinds === 'people' ? doc.people().out('array') : [...doc.people().out('array'), ...doc.places().out('array'), ...doc.organizations().out('array')]) as string[];
  const names: string[] = [];
  for (const item of found) {
    for (const part of item.split(/[,;]|\band\b/u)) {
      const words = part.match(TOKEN) ?? [];
      while (words.length > 0 && !/^[A-Z]/u.test(words[0]!)) words.shift();
      while (words.length > 0 && !/^[A-Z]/u.test(words.at(-1)!)) words.pop();
      while (words.length > 1 && HONORIFICS.test(words[0]!)) words.shift();
      // A title on its own ("the President") is translated, not transliterated.
      if (kinds === 'people' && words.every((w) => TITLES.has(w.toLowerCase()))) continue;
      if (words.length > 0) names.push(words.join(' '));
    }
  }
  return names;
}

const TITLES = new Set(['president', 'prime', 'minister', 'principal', 'headmaster', 'headmistress', 'teacher', 'doctor', 'dr', 'mr', 'mrs', 'ms', 'sir', 'madam', 'king', 'queen', 'governor', 'chief', 'justice', 'mahatma', 'pandit', 'saint', 'lord']);

/** Drops names that repeat, and names that are part of a longer name ("Prasad" in "Rajendra Prasad"). */
function dedupe(names: string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) {
    const key = nameKey(name);
    if (key.trim().length > 0 && !byKey.has(key)) byKey.set(key, name);
    // The containment pass below is quadratic: bound it on name-dense hostile text.
    if (byKey.size >= MAX_CANDIDATES) break;
  }
  const keys = [...byKey.keys()];
  return keys.filter((key) => !keys.some((other) => other !== key && other.includes(key))).map((key) => byKey.get(key)!);
}

/**
 * The names in a text that a faithful simplification or translation keeps. English text: people,
 * places and organisations (compromise, up to nlpMaxChars), other capitalised words that do not
 * open a sentence, and acronyms; when it is being translated only its acronyms, since names are
 * transliterated into the other script. Text in any other language: its embedded Latin-script
 * names and acronyms, which stay Latin in a simplification and survive translation.
 */
export function extractNames(text: string, options: ExtractNamesOptions): string[] {
  let names: string[];
  if (options.language === 'en') {
    const heuristic = englishHeuristicNames(text);
    if (options.translated && options.transliterated) names = [...heuristic.filter(isAcronym), ...(text.length <= options.nlpMaxChars ? compromiseNames(text, 'people') : [])];
    else if (options.translated) names = heuristic.filter(isAcronym);
    else names = [...(text.length <= options.nlpMaxChars ? compromiseNames(text) : []), ...heuristic];
  } else {
    names = latinNames(text);
  }
  return dedupe(names).slice(0, MAX_NAMES);
}
