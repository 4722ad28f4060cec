import { describe, expect, it } from 'vitest';
import { assessTextLayer } from '../../src/extract/pdf/assess-text-layer.js';

describe('assessTextLayer: good layers are kept', () => {
  const good: Record<string, string> = {
    'English science with units, formulas and contractions':
      'Water boils at 100 °C. A 5 cm piece of ice weighs about 20 g, and 1 kg of water fills one litre. ' +
      "Salt (NaCl) dissolves in water (H2O), but sand doesn't. It's the Sun's heat that drives the water cycle. " +
      'Mr. Rao showed us 3 mm drops on a leaf.',
    'Hindi with i-matra, conjuncts and reph in logical order':
      'भारत एक विशाल देश है। हिन्दी यहाँ की प्रमुख भाषा है। बच्चे विद्यालय में किताबें पढ़ते हैं। ' +
      'धर्म और कर्म की शिक्षा दी जाती है। विज्ञान और गणित भी सिखाए जाते हैं। सूर्य की गर्मी से पानी भाप बनता है।',
    Marathi: 'महाराष्ट्र हे भारतातील एक राज्य आहे. येथे मराठी भाषा बोलली जाते. विद्यार्थी शाळेत जातात आणि अभ्यास करतात.',
    Bengali: 'বাংলা আমার মাতৃভাষা। আমরা বিদ্যালয়ে বিজ্ঞান ও গণিত শিখি। কোলকাতা একটি বড় শহর। গাছ আমাদের অক্সিজেন দেয়।',
    'Tamil (two-part vowel signs, decomposed as some PDFs store them)':
      'தமிழ் ஒரு பழமையான மொழி. கொடி பறக்கிறது. பள்ளியில் மாணவர்கள் பாடம் படிக்கிறார்கள். நீர் ஆவியாகி மேகமாக மாறுகிறது.'.normalize('NFD'),
    Telugu: 'తెలుగు ఒక అందమైన భాష. పిల్లలు పాఠశాలకు వెళ్తారు. నీరు ఆవిరై మేఘాలుగా మారుతుంది.',
    Urdu: 'پانی بادلوں سے آتا ہے۔ سورج کی گرمی سے پانی بھاپ بنتا ہے۔ بچے اسکول میں پڑھتے ہیں۔',
    'a letter-spaced heading above normal English':
      'C H A P T E R\n\nPlants make their own food by a process called photosynthesis. They take in carbon dioxide ' +
      'from the air and water from the soil, and with the energy of sunlight they make sugar and oxygen.',
  };
  for (const [name, text] of Object.entries(good)) {
    it(`keeps ${name}`, () => {
      const verdict = assessTextLayer(text);
      expect(verdict.reason).toBeUndefined();
      expect(verdict.usable).toBe(true);
      expect(verdict.letters).toBeGreaterThan(20);
    });
  }
});

describe('assessTextLayer: broken layers go to OCR', () => {
  const cases: [string, string, string][] = [
    ['an empty page', '  \n\n  ', 'no-text'],
    ['only page numbers', '12\n\n13', 'no-text'],
    [
      'U+FFFD for every unmapped Devanagari glyph',
      'भ\uFFFDरत एक \uFFFD\uFFFDशाल द\uFFFDश ह\uFFFD। \uFFFDह\uFFFDन्द\uFFFD यह\uFFFD\uFFFD क\uFFFD भ\uFFFDष\uFFFD ह\uFFFD।',
      'replacement-characters',
    ],
    [
      'private-use glyph codes from a font without a ToUnicode map',
      '\uE0A1\uE0B2\uE0C3 \uE011\uE012 \uE0D4\uE0E5\uE0F6\uE021 \uE031\uE032\uE033। \uE041\uE042 \uE051\uE052\uE053',
      'private-use-glyphs',
    ],
    ['raw (cid:N) codes', '(cid:12)(cid:45)(cid:78) (cid:3)(cid:90) (cid:121)(cid:7) photosynthesis', 'cid-codes'],
    ['control characters for glyphs', 'The \u0003\u0011\u0004 of \u0012\u0005\u0006 plants \u0013\u0014 is green', 'control-characters'],
    [
      'Kruti Dev: Latin letters standing for Devanagari glyphs',
      'Hkkjr ,d fo\'kky ns\'k gSA ;gk¡ vusd Hkk"kk,¡ cksyh tkrh gSaA cPps fo|ky; esa iqLrdsa i<+rs gSaA lw;Z dh xehZ ls ikuh Hkki curk gSA',
      'legacy-font-encoding',
    ],
    ['Chanakya: Latin-1 signs standing for Devanagari glyphs', '×Öê¸üÖ ®ÖÖ´Ö ¸üÖ´Ö Æîü Ùêü ´ÖÖÓ Ûêü ¯ÖÖÃÖ ¸üÆüŸÖÖ Ææü ¾ÖÆü ×¾ÖªÖ»ÖµÖ •ÖÖŸÖÖ Æîü', 'legacy-font-encoding'],
    [
      'i-matra in visual order (as pdf-lib + fontkit output extracts)',
      'भारत एक िवशाल देश है। िहन्दी यहाँ की भाषा है। बच्चे िवद्यालय में िकताबें पढ़ते हैं। िशक्षा सबके िलए है।',
      'misordered-indic',
    ],
    ['Hindi words cut by stray spaces', 'भ ारत एक द ेश ह ै। ज्ञ ान क ी ब ात स ुनो। प ानी ब ादल स े आत ा ह ै।', 'misordered-indic'],
    ['reph extracted after its syllable', 'धमर् और कमर् की बात। सवर् िशक्षा अिभयान। पवर्त पर बफर् है।', 'misordered-indic'],
    ['Bengali e-kar in visual order', 'েস বিদ্যালেয় যায়। আমরা েখলা কির। েকালকাতা একিট বড় শহর। েমঘ েথেক বৃষ্টি হয়।', 'misordered-indic'],
    ['English letter by letter', 'T h e   w a t e r   c y c l e   i s   d r i v e n   b y   t h e   S u n', 'split-words'],
  ];
  for (const [name, text, reason] of cases) {
    it(`sends ${name} to OCR (${reason})`, () => {
      const verdict = assessTextLayer(text);
      expect(verdict.usable).toBe(false);
      expect(verdict.reason).toBe(reason);
    });
  }

  it('does not condemn a good page for one stray odd glyph', () => {
    const page =
      'Plants make their own food by photosynthesis.\uFFFD They take in carbon dioxide from the air and water from the soil. ' +
      'With the energy of sunlight they make sugar and oxygen, and the oxygen goes back into the air.';
    expect(assessTextLayer(page).usable).toBe(true);
  });
});
