import { scriptOf } from './flores.js';

/**
 * The text clean-up IndicTransToolkit's IndicProcessor applies around the model: typographic
 * punctuation to the plain forms the model was trained on, native digits to ASCII, the text cut
 * into tokens the way its training data was (Moses for English, Indic NLP's punctuation
 * tokenizer for Indian languages) on the way in, and joined back on the way out.
 */

/** IndicProcessor's punctuation table, in its order (its Moses-derived no-break-space rules included). */
const PUNCTUATION: Array<[string | RegExp, string]> = [
  ['\r', ''],
  ['(', ' ('], [')', ') '], ['( ', '('], [' )', ')'], [' :', ':'], [' ;', ';'],
  ['`', "'"], ['„', '"'], ['“', '"'], ['”', '"'], ['–', '-'], ['—', ' - '], ['´', "'"],
  ['‘', "'"], ['‚', "'"], ['’', "'"], ["''", '"'], ['´´', '"'], ['…', '...'],
  [' « ', ' "'], ['« ', '"'], ['«', '"'], [' » ', '" '], [' »', '"'], ['»', '"'],
  ['\u00a0%', '%'], ['\u00a0:', ':'], ['\u00a0?', '?'], ['\u00a0!', '!'], ['\u00a0;', ';'], [',\u00a0', ', '],
  [/ {2,}/gu, ' '],
  [/\) ([.!:?;,])/gu, ')$1'],
  [/(\d) %/gu, '$1%'],
  [/"([,.]+)/gu, '$1"'],
  // IndicProcessor also turns a no-break space between digits into a decimal point (Moses'
  // French rule): "1 250" written with one would become 1.250, so that rule is left out.
  [/\u00a0/gu, ' '],
];

export function normalizePunctuation(text: string): string {
  let out = text;
  for (const [from, to] of PUNCTUATION) out = typeof from === 'string' ? out.replaceAll(from, to) : out.replace(from, to);
  return out.replace(/\s+/gu, ' ').trim();
}

/** Native digits of any script (Devanagari, Bengali, Tamil...) to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (d) => {
    const code = d.codePointAt(0)!;
    // Every Unicode decimal digit block is ten consecutive code points starting at zero.
    for (let zero = code; zero > code - 10; zero--) {
      if (!/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) return String((code - zero) % 10);
    }
    return d;
  });
}

const ASCII_PUNCTUATION = '!"#$%&\'()*+,\\-./:;<=>?@[\\\\\\]^_`{|}~';
/** Indic NLP's trivial tokenizer: every ASCII punctuation mark, the dandas and a few others. */
const INDIC_PUNCTUATION = new RegExp(`([${ASCII_PUNCTUATION}\\u0964\\u0965\\uaaf1\\uaaf0\\uabeb-\\uabef\\u1c7e\\u1c7f])`, 'gu');
/** The same for Urdu: ASCII punctuation and the Arabic comma, semicolon, question mark, full stop, per cent. */
const URDU_PUNCTUATION = new RegExp(`([${ASCII_PUNCTUATION}\\u0609\\u060a\\u060c\\u061e\\u066a-\\u066d\\u06d4])`, 'gu');
/** "12 , 000" and "15 / 08" are put back together: numbers and dates stay one token. */
const NUMBER_SEQUENCE = /(?:[0-9]+ [,.:/] )+[0-9]+/gu;

function squeeze(text: string): string {
  return text.replace(/ {2,}/gu, ' ').trim();
}

/**
 * Moses-style English tokenisation (what IndicProcessor's English side does): symbols split off,
 * commas and full stops split off except inside numbers, English contractions ("don't" ->
 * "don 't"). Placeholders come out as "< ID1 >", the form the model's dictionary has every piece of.
 */
function tokenizeEnglish(text: string): string {
  return squeeze(text
    .replace(/([^\p{L}\p{N}\s'.,-])/gu, ' $1 ')
    .replace(/([^\p{N}]),/gu, '$1 , ')
    .replace(/,([^\p{N}])/gu, ' , $1')
    .replace(/\.(?=\s|$)/gu, ' .')
    .replace(/([^\p{L}\p{N}])'/gu, "$1 ' ")
    .replace(/'([^\p{L}])/gu, " ' $1")
    .replace(/(\p{L})'(\p{L})/gu, "$1 '$2")
    .replace(/(\p{N})'s\b/gu, "$1 's")
    .replace(/^'/u, "' "));
}

function tokenizeIndic(text: string, pattern: RegExp): string {
  const spaced = squeeze(text.replace(/\t/gu, ' ').replace(pattern, ' $1 '));
  return spaced.replace(NUMBER_SEQUENCE, (m) => m.replace(/ /gu, ''));
}

/** Cuts a (placeholder-protected) source into the tokens the model was trained on, by its FLORES tag. */
export function tokenizeForModel(text: string, tag: string): string {
  const script = scriptOf(tag);
  if (script === 'Latn') return tokenizeEnglish(text);
  return tokenizeIndic(text, script === 'Arab' ? URDU_PUNCTUATION : INDIC_PUNCTUATION);
}

/**
 * Joins the model's tokens back (Indic NLP's trivial detokenizer, which IndicProcessor uses for
 * every Indian language; for English the same rules plus Moses' contractions): closing marks to
 * the word before, opening ones to the word after, hyphens and slashes to both, quotes by turns.
 */
export function detokenize(text: string, tag: string): string {
  let s = squeeze(text).replace(NUMBER_SEQUENCE, (m) => m.replace(/ /gu, ''));
  s = s.replace(/ ([-/\\]) /gu, '$1');
  s = s.replace(/ ([!%)\]},.:;>?\u0964\u0965])/gu, '$1');
  s = s.replace(/([#$([{<@]) /gu, '$1');
  const english = scriptOf(tag) === 'Latn';
  // English contractions first (Moses), so their apostrophes are not taken for quotes.
  if (english) s = s.replace(/ '(s|re|ve|ll|d|m|t)\b/gu, "'$1").replace(/ n't\b/gu, "n't");
  for (const quote of english ? ['"'] : ["'", '"', '`']) {
    let count = 0;
    s = s.replace(new RegExp(`(?:^| )?[${quote}](?: |$)?`, 'gu'), (m) => {
      const opening = count++ % 2 === 0;
      // An opening quote keeps the space before it and drops the one after; a closing one the reverse.
      if (opening) return m.startsWith(' ') ? ` ${quote}` : quote;
      return m.endsWith(' ') ? `${quote} ` : quote;
    });
  }
  if (scriptOf(tag) === 'Arab') s = s.replace(/ ([؟۔،])/gu, '$1').replace(/\u066e\u06ea/gu, '\u0620');
  if (scriptOf(tag) === 'Orya') s = s.replaceAll('\u0b2f\u0b3c', '\u0b5f');
  return s.trim();
}
