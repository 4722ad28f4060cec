import { describe, expect, it } from 'vitest';
import { convertScript } from '../../src/translate/indictrans2/flores.js';
import { normalizeIndicSource } from '../../src/translate/indictrans2/indic-normalize.js';
import { detokenize, normalizePunctuation, tokenizeForModel } from '../../src/translate/indictrans2/normalize-text.js';

/** The rules of IndicTransToolkit's IndicProcessor (and the Indic NLP / urduhack steps it calls), one by one. */
describe('IndicTrans2 pre-processing, as IndicProcessor does it', () => {
  it('maps typographic punctuation to the plain forms, tidies spaces around brackets and per cent', () => {
    expect(normalizePunctuation('“Fees” – due… «now»')).toBe('"Fees" - due... "now"');
    expect(normalizePunctuation('see (page 2) . Pay 5 % now')).toBe('see (page 2). Pay 5% now');
    expect(normalizePunctuation('it’s ‘ok’ — really')).toBe("it's 'ok' - really");
  });

  it('does not turn a no-break space between digits into a decimal point, so an amount keeps its value', () => {
    expect(normalizePunctuation('₹1\u00a0250 due')).toBe('₹1 250 due');
  });

  it('tokenises English as Moses does: symbols and final full stops split off, contractions cut, numbers whole', () => {
    expect(tokenizeForModel("Don't forget the parents' meeting, on 1,250 days.", 'eng_Latn')).toBe("Don 't forget the parents ' meeting , on 1,250 days .");
    expect(tokenizeForModel("The school's fee is <ID1> (per term)!", 'eng_Latn')).toBe("The school 's fee is < ID1 > ( per term ) !");
  });

  it('puts placeholders to the model as "< ID1 >", the form whose every piece is in its dictionary', () => {
    expect(tokenizeForModel('शुल्क <ID1> तक', 'hin_Deva')).toBe('शुल्क < ID1 > तक');
    expect(tokenizeForModel('fee <ID12>.', 'eng_Latn')).toBe('fee < ID12 > .');
  });

  it('tokenises Indian languages on every punctuation mark and the dandas, keeping numbers and dates whole', () => {
    expect(tokenizeForModel('कल, 12,000 रुपये 15/08 तक। धन्यवाद॥', 'hin_Deva')).toBe('कल , 12,000 रुपये 15/08 तक । धन्यवाद ॥');
    // Indic NLP's Urdu list has the Arabic full stop and comma but not the question mark (U+061F).
    expect(tokenizeForModel('کل، اسکول بند رہے گا۔ کیوں؟', 'urd_Arab')).toBe('کل ، اسکول بند رہے گا ۔ کیوں؟');
  });

  it('decomposes nukta letters, reads | as a danda, a colon after a letter as visarga, and drops zero width joiners', () => {
    expect(normalizeIndicSource('\u0958ानून | समय:', 'hin_Deva')).toBe('\u0915\u093cानून \u0964 समय\u0903');
    expect(normalizeIndicSource('क्\u200dष क्\u200cष\u00adि', 'hin_Deva')).toBe('क्ष क्षि');
    expect(normalizeIndicSource('\u09dc\u09be\u09f7', 'ben_Beng')).toBe('\u09a1\u09bc\u09be\u0964');
    expect(normalizeIndicSource('\u0a05\u0a3e\u0a59', 'pan_Guru')).toBe('\u0a06\u0a16\u0a3c');
  });

  it('makes a Malayalam chillu written with a joiner the atomic chillu, before the joiner is dropped', () => {
    expect(normalizeIndicSource('അവ\u0d28\u0d4d\u200d', 'mal_Mlym')).toBe('അവ\u0d7b');
  });

  it('writes Urdu with Urdu letters: Arabic kaf, yeh and heh replaced, short-vowel marks and tatweel dropped', () => {
    expect(normalizeIndicSource('\u0643\u062a\u0627\u0628 \u0641\u064a \u0645\u0647\u0631 \u0628\u064e\u0640\u0627', 'urd_Arab')).toBe('\u06a9\u062a\u0627\u0628 \u0641\u06cc \u0645\u06c1\u0631 \u0628\u0627');
  });

  it('leaves English alone', () => {
    expect(normalizeIndicSource('Time: 9 | now', 'eng_Latn')).toBe('Time: 9 | now');
  });
});

describe('IndicTrans2 script unification, as Indic NLP transliterates', () => {
  it('moves letters between blocks but leaves each script\'s own letters above the shared layout alone', () => {
    // Gurmukhi tippi (U+0A70) and addak (U+0A71) sit above the shared layout: they stay Gurmukhi.
    expect(convertScript('ਪੰਜਾਬ ਪੱਕਾ', 'pan_Guru', 'hin_Deva')).toBe('प\u0a70जाब प\u0a71का');
    expect(convertScript('\u09f0\u09be\u099c\u09cd\u09af', 'asm_Beng', 'hin_Deva')).toBe('\u09f0ाज्य');
    expect(convertScript('അവ\u0d7b', 'mal_Mlym', 'hin_Deva')).toBe('अव\u0d7b');
  });

  it('writes Tamil without the letters Tamil lacks: voiced and aspirated stops become the plain ones', () => {
    expect(convertScript('गाना भारत शाला', 'hin_Deva', 'tam_Taml')).toBe('காநா பாரத ஷாலா');
  });

  it('never moves the shared danda', () => {
    expect(convertScript('বাড়ি।', 'ben_Beng', 'hin_Deva')).toBe('बाड़ि।');
  });
});

describe('IndicTrans2 post-processing, as IndicProcessor does it', () => {
  it('joins punctuation to the word before, brackets inward, hyphens and slashes both ways, quotes by turns', () => {
    expect(detokenize('शुल्क ( वार्षिक ) जमा करें , धन्यवाद । " ठीक " है - यह 12 , 000 है', 'hin_Deva')).toBe('शुल्क (वार्षिक) जमा करें, धन्यवाद। "ठीक" है-यह 12,000 है');
    expect(detokenize('< ID1 > पर', 'hin_Deva')).toBe('<ID1> पर');
  });

  it('puts English contractions back together', () => {
    expect(detokenize("Don 't forget the school 's fee .", 'eng_Latn')).toBe("Don't forget the school's fee.");
  });

  it('attaches Urdu question mark, full stop and comma, and writes Odia ya with its nukta as the one letter', () => {
    expect(detokenize('کیوں ؟ ٹھیک ہے ۔', 'urd_Arab')).toBe('کیوں؟ ٹھیک ہے۔');
    expect(detokenize('\u0b2f\u0b3c\u0b3e', 'ory_Orya')).toBe('\u0b5f\u0b3e');
  });
});
