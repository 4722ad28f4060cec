import { convertScript } from '../translate/indictrans2/flores.js';

/**
 * The consonant skeleton of a name, the same whichever script wrote it, so "Gandhi" and "गांधी"
 * (or "காந்தி") compare equal: vowels and h are dropped, voiced and voiceless pairs merged
 * (Tamil writes k and g with one letter), a nasal sign counts as n, repeats collapse.
 * Brahmi-derived scripts are first moved to Devanagari (their blocks run in parallel).
 */
export function nameSkeleton(word: string): string {
  const text = word.normalize('NFC');
  if (/\p{Script=Latin}/u.test(text)) return collapse(latinSkeleton(text.toLowerCase()));
  if (/\p{Script=Arabic}/u.test(text)) return collapse([...text].map((ch) => ARABIC[ch] ?? '').join(''));
  const devanagari = convertScript(text, `x_${scriptTag(text)}`, 'x_Deva').normalize('NFD');
  return collapse([...devanagari].map((ch) => DEVANAGARI[ch] ?? '').join(''));
}

const SCRIPT_TAGS: Array<[RegExp, string]> = [
  [/\p{Script=Bengali}/u, 'Beng'], [/\p{Script=Gurmukhi}/u, 'Guru'], [/\p{Script=Gujarati}/u, 'Gujr'], [/\p{Script=Oriya}/u, 'Orya'],
  [/\p{Script=Tamil}/u, 'Taml'], [/\p{Script=Telugu}/u, 'Telu'], [/\p{Script=Kannada}/u, 'Knda'], [/\p{Script=Malayalam}/u, 'Mlym'],
];

function scriptTag(text: string): string {
  return SCRIPT_TAGS.find(([pattern]) => pattern.test(text))?.[1] ?? 'Deva';
}

/** Voiced consonants fold into voiceless ones (g->k, j->c, d->t, b->p, z->c). */
const FOLD: Record<string, string> = { g: 'k', j: 'c', d: 't', b: 'p', z: 'c', q: 'k', w: 'v', f: 'p', x: 'ks' };

function latinSkeleton(text: string): string {
  // "ch" is one sound (च) and is set aside before "c" alone is read as k or s.
  const digraphs = text
    .replace(/ch/gu, 'C')
    .replace(/ck/gu, 'k')
    .replace(/sh/gu, 's')
    .replace(/ph/gu, 'f')
    .replace(/([kgjtdpb])h/gu, '$1')
    .replace(/c(?=[eiy])/gu, 's')
    .replace(/c/gu, 'k')
    .replace(/C/gu, 'c');
  let out = '';
  for (const ch of digraphs) {
    if (/[aeiouh]/u.test(ch) || !/[a-z]/u.test(ch)) continue;
    out += FOLD[ch] ?? ch;
  }
  return out;
}

function collapse(skeleton: string): string {
  return skeleton.replace(/(.)\1+/gu, '$1');
}

const DEVANAGARI: Record<string, string> = {};
const put = (letters: string, value: string): void => {
  for (const ch of letters) DEVANAGARI[ch] = value;
};
put('कखगघ', 'k');
put('चछजझ', 'c');
put('टठतथडढदध', 't');
put('पफबभ', 'p');
put('ङञणनंँ', 'n');
put('म', 'm');
put('य', 'y');
put('रऱ', 'r');
put('लळऴ', 'l');
put('व', 'v');
put('शषस', 's');
put('ृऋ', 'r');
// Tamil letters with no Devanagari twin land on these offsets: ழ (zha) -> ऴ, ற (rra) -> ऱ, ன (nnna) -> ऩ.
put('ऩ', 'n');
// Letters with a nukta (क़, ज़, ड़...) decompose under NFD into the base letter and U+093C, which is ignored.

// و and ی are as often vowels (u, i) as consonants in Urdu spelling: left out like vowels.
const ARABIC: Record<string, string> = {};
for (const [letters, value] of [
  ['بپ', 'p'], ['تٹطثة', 't'], ['جچژز', 'c'], ['دڈذضظ', 't'], ['رڑ', 'r'], ['سصش', 's'], ['فف', 'p'],
  ['قکكگغخ', 'k'], ['ل', 'l'], ['م', 'm'], ['نں', 'n'],
] as const) for (const ch of letters) ARABIC[ch] = value;
