import { scriptOf } from './flores.js';

/**
 * The per-script clean-up IndicTransToolkit runs on an Indian-language source before tokenising
 * (Indic NLP's IndicNormalizerFactory, with the toolkit's defaults; urduhack's for Urdu): one
 * code point sequence for each letter, the script's own danda replaced by the shared one, invisible
 * characters dropped. The model was trained on text cleaned so; what the parent wrote keeps its
 * meaning.
 */

type Rules = Array<[string | RegExp, string]>;

/** Composite nukta letters -> base + nukta (U+0958..095F are NFC exclusions, so spelt both ways). */
const DEVANAGARI: Rules = [
  ['\u0972', '\u090f'],
  ['\u0929', '\u0928\u093c'], ['\u0931', '\u0930\u093c'], ['\u0934', '\u0933\u093c'],
  ['\u0958', '\u0915\u093c'], ['\u0959', '\u0916\u093c'], ['\u095a', '\u0917\u093c'], ['\u095b', '\u091c\u093c'],
  ['\u095c', '\u0921\u093c'], ['\u095d', '\u0922\u093c'], ['\u095e', '\u092b\u093c'], ['\u095f', '\u092f\u093c'],
  ['|', '\u0964'],
];

const GURMUKHI_VOWELS: Rules = [
  ['\u0a05\u0a3e', '\u0a06'], ['\u0a72\u0a3f', '\u0a07'], ['\u0a72\u0a40', '\u0a08'], ['\u0a73\u0a41', '\u0a09'], ['\u0a73\u0a42', '\u0a0a'],
  ['\u0a72\u0a47', '\u0a0f'], ['\u0a05\u0a48', '\u0a10'], ['\u0a73\u0a4b', '\u0a13'], ['\u0a05\u0a4c', '\u0a14'],
];
const GURMUKHI: Rules = [
  ['\u0a33', '\u0a32\u0a3c'], ['\u0a36', '\u0a38\u0a3c'], ['\u0a59', '\u0a16\u0a3c'], ['\u0a5a', '\u0a17\u0a3c'], ['\u0a5b', '\u0a1c\u0a3c'], ['\u0a5e', '\u0a2b\u0a3c'],
  ['\u0a64', '\u0964'], ['\u0a65', '\u0965'], ['|', '\u0964'],
];
const GUJARATI: Rules = [['\u0ae4', '\u0964'], ['\u0ae5', '\u0965']];
const ORIYA: Rules = [
  ['\u0b05\u0b3e', '\u0b06'], ['\u0b0f\u0b57', '\u0b10'], ['\u0b13\u0b57', '\u0b14'],
  ['\u0b5c', '\u0b21\u0b3c'], ['\u0b5d', '\u0b22\u0b3c'],
  ['\u0b64', '\u0964'], ['\u0b65', '\u0965'], ['\u0b7c', '\u0964'], ['\u0b35', '\u0b2c'],
  ['\u0b47\u0b56', '\u0b58'], ['\u0b47\u0b3e', '\u0b4b'], ['\u0b47\u0b57', '\u0b4c'],
];
const BENGALI: Rules = [
  ['\u09dc', '\u09a1\u09bc'], ['\u09dd', '\u09a2\u09bc'], ['\u09df', '\u09af\u09bc'],
  ['\u09e4', '\u0964'], ['\u09e5', '\u0965'], ['|', '\u0964'], ['\u09f7', '\u0964'],
  ['\u09c7\u09be', '\u09cb'], ['\u09c7\u09d7', '\u09cc'],
];
const TAMIL: Rules = [['\u0be4', '\u0964'], ['\u0be5', '\u0965'], ['\u0b92\u0bd7', '\u0b94'], ['\u0bc6\u0bbe', '\u0bca'], ['\u0bc7\u0bbe', '\u0bcb'], ['\u0bc6\u0bd7', '\u0bcc']];
const TELUGU: Rules = [['\u0c64', '\u0964'], ['\u0c65', '\u0965'], ['\u0c46\u0c56', '\u0c48']];
const KANNADA: Rules = [
  ['\u0ce4', '\u0964'], ['\u0ce5', '\u0965'],
  ['\u0cbf\u0cd5', '\u0cc0'], ['\u0cc6\u0cd5', '\u0cc7'], ['\u0cc6\u0cd6', '\u0cc8'], ['\u0cc6\u0cc2', '\u0cca'], ['\u0cca\u0cd5', '\u0ccb'],
];
/** A chillu written as consonant + virama + ZWJ becomes the atomic chillu, before the joiner is dropped. */
const MALAYALAM_CHILLUS: Rules = [
  ['\u0d23\u0d4d\u200d', '\u0d7a'], ['\u0d28\u0d4d\u200d', '\u0d7b'], ['\u0d30\u0d4d\u200d', '\u0d7c'],
  ['\u0d32\u0d4d\u200d', '\u0d7d'], ['\u0d33\u0d4d\u200d', '\u0d7e'], ['\u0d15\u0d4d\u200d', '\u0d7f'],
];
const MALAYALAM: Rules = [['\u0d64', '\u0964'], ['\u0d65', '\u0965'], ['\u0d46\u0d3e', '\u0d4a'], ['\u0d47\u0d3e', '\u0d4b'], ['\u0d46\u0d57', '\u0d4c'], ['\u0d57', '\u0d4c']];

/** Per script: rules before the common clean-up, rules after, and the script's visarga (a colon after one of its letters becomes it). */
const SCRIPTS: Readonly<Record<string, { before?: Rules; after: Rules; block: number; visarga: string }>> = {
  Deva: { after: DEVANAGARI, block: 0x0900, visarga: '\u0903' },
  Guru: { before: GURMUKHI_VOWELS, after: GURMUKHI, block: 0x0a00, visarga: '\u0a03' },
  Gujr: { after: GUJARATI, block: 0x0a80, visarga: '\u0a83' },
  Orya: { after: ORIYA, block: 0x0b00, visarga: '\u0b03' },
  Beng: { after: BENGALI, block: 0x0980, visarga: '\u0983' },
  Taml: { after: TAMIL, block: 0x0b80, visarga: '\u0b83' },
  Telu: { after: TELUGU, block: 0x0c00, visarga: '\u0c03' },
  Knda: { after: KANNADA, block: 0x0c80, visarga: '\u0c83' },
  Mlym: { before: MALAYALAM_CHILLUS, after: MALAYALAM, block: 0x0d00, visarga: '\u0d03' },
};

/** Byte order marks, word joiner, soft hyphen and the zero width (non-)joiners go; zero width and no-break spaces become spaces. */
const COMMON: Rules = [
  [/[\ufeff\ufffe\u2060\u00ad\u200c\u200d]/gu, ''],
  [/[\u200b\u00a0]/gu, ' '],
];

/** urduhack: Arabic letters to their Urdu forms, tatweel and short-vowel marks dropped. */
const URDU: Rules = [
  [/\u0643/gu, '\u06a9'], [/[\u064a\u0649]/gu, '\u06cc'], [/\u0647/gu, '\u06c1'], [/\u0629/gu, '\u06c3'],
  [/\u0640/gu, ''], [/[\u064b\u064d\u064e\u064f\u0650\u0670]/gu, ''],
];

function apply(text: string, rules: Rules | undefined): string {
  let out = text;
  for (const [from, to] of rules ?? []) out = typeof from === 'string' ? out.replaceAll(from, to) : out.replace(from, to);
  return out;
}

/** The normalised source text for a FLORES tag; English and unknown scripts come back unchanged. */
export function normalizeIndicSource(text: string, tag: string): string {
  const script = scriptOf(tag);
  if (script === 'Arab') return apply(text, URDU);
  const rules = SCRIPTS[script];
  if (!rules) return text;
  let out = apply(apply(text, rules.before), COMMON);
  out = apply(out, rules.after);
  const letter = `[\\u{${rules.block.toString(16)}}-\\u{${(rules.block + 0x7f).toString(16)}}]`;
  return out.replace(new RegExp(`(${letter}):`, 'gu'), `$1${rules.visarga}`);
}
