import type { KeyFact } from '../core/key-facts.js';
import { amountPattern, allMatches, type LanguageFactPatterns, type SentenceFacts } from './fact-patterns.js';
import { withoutStop } from './notice-sentences.js';

/**
 * Hindi and Tamil notices. chrono-node reads no Indian language, so dates, times, places, things
 * to bring and requests are recognised by patterns of how circulars in these languages are
 * written: "14 दिसंबर 2024 को", "सुबह 9 बजे से दोपहर 1 बजे तक", "... साथ लाएँ"; "14 டிசம்பர் 2024
 * அன்று", "காலை 9 மணி முதல் மதியம் 1 மணி வரை", "... கொண்டு வர வேண்டும்". Digits in the
 * language's own script count as digits. Every fact is a piece of the sentence as written.
 */
interface IndicWords {
  months: string[];
  weekdays: string[];
  /** Words before a clock number: "सुबह", "காலை". */
  dayParts: string[];
  /** The clock word after the number: "बजे", "மணி(க்கு)". */
  clock: string;
  /** Joins a time range: [from, to] as in "9 बजे से 1 बजे तक". */
  range: [string, string];
  /** Words right after a date that make it a deadline: "तक", "க்குள்". */
  deadlineAfter: string;
  places: RegExp;
  currencyBefore: string[];
  currencyAfter: string[];
  /** The subject words a "bring" sentence starts with, and its verb at the end. */
  bringSubject: RegExp;
  bringVerb: RegExp;
  /** Left at the end of the items by the verb's joining: Tamil's "அட்டையைக்" before "கொண்டு". */
  itemsEnd?: RegExp;
  /** Sentence endings that ask the reader to do something. */
  request: RegExp;
  noticeWords: RegExp;
}

function indicPatterns(words: IndicWords): LanguageFactPatterns {
  const alt = (list: string[]) => list.join('|');
  const date = new RegExp(
    String.raw`(?:(?:${alt(words.weekdays)})\s*,?\s+)?(?:\p{Nd}{1,2}\s*(?:-?\s*(?:${alt(words.months)}))(?:\s*,?\s*\p{Nd}{4})?|\p{Nd}{1,2}[./-]\p{Nd}{1,2}[./-]\p{Nd}{2,4})`,
    'gu',
  );
  const clock = String.raw`(?:(?:${alt(words.dayParts)})\s+)?\p{Nd}{1,2}(?:[:.]\p{Nd}{2})?\s*${words.clock}`;
  const time = new RegExp(String.raw`${clock}(?:\s+${words.range[0]}\s+${clock}\s+${words.range[1]})?`, 'gu');
  const amount = amountPattern(words.currencyBefore, words.currencyAfter);
  const deadlineAfter = new RegExp(String.raw`^\s*-?\s*(?:${words.deadlineAfter})`, 'u');
  return {
    noticeWords: words.noticeWords,
    sentence(sentence: string): SentenceFacts {
      const facts: KeyFact[] = [];
      for (const match of sentence.matchAll(date)) {
        const rest = sentence.slice(match.index + match[0].length);
        facts.push({ kind: deadlineAfter.test(rest) ? 'deadline' : 'when', text: match[0].trim() });
      }
      for (const found of allMatches(sentence, time)) facts.push({ kind: 'time', text: found });
      for (const found of allMatches(sentence, words.places)) facts.push({ kind: 'where', text: found });
      // A time like "9 बजे" holds no money; amounts are looked for outside dates and times.
      for (const found of allMatches(sentence, amount)) facts.push({ kind: 'pay', text: found });
      const plain = withoutStop(sentence);
      const instruction = words.request.test(plain) || words.bringVerb.test(plain);
      if (words.bringVerb.test(plain)) {
        const items = plain.replace(words.bringVerb, '').replace(words.bringSubject, '').replace(words.itemsEnd ?? /$^/u, '').trim();
        if (items) facts.push({ kind: 'bring', text: items });
      } else if (instruction && !facts.some((f) => f.kind === 'pay')) {
        facts.push({ kind: 'do', text: plain });
      }
      return { facts, instruction };
    },
  };
}

export const HINDI_FACT_PATTERNS = indicPatterns({
  months: ['जनवरी', 'फ़रवरी', 'फरवरी', 'मार्च', 'अप्रैल', 'अप्रेल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'सितम्बर', 'अक्टूबर', 'अक्तूबर', 'नवंबर', 'नवम्बर', 'दिसंबर', 'दिसम्बर'],
  weekdays: ['सोमवार', 'मंगलवार', 'बुधवार', 'गुरुवार', 'बृहस्पतिवार', 'शुक्रवार', 'शनिवार', 'रविवार'],
  dayParts: ['सुबह', 'प्रातः', 'प्रात:', 'दोपहर', 'शाम', 'सायं', 'रात'],
  clock: 'बजे',
  range: ['से', 'तक'],
  deadlineAfter: 'तक',
  places: /((?:(?:विद्यालय|स्कूल)\s+(?:(?:के|की)\s+)?)?(?:खेल\s+मैदान|मैदान|सभागार|सभा\s+भवन|हॉल|प्रांगण|पुस्तकालय|कार्यालय|परिसर|प्रयोगशाला|कक्षा\s+कक्ष|कमरा\s+(?:नं\.?\s*)?\p{Nd}+))\s+(?:में|पर)/gu,
  currencyBefore: ['₹', 'रु.', 'रु', 'Rs.', 'Rs'],
  currencyAfter: ['रुपये', 'रुपए', 'रु.', '/-'],
  bringSubject: /^(?:सभी\s+)?(?:छात्र|छात्राएँ|छात्राएं|विद्यार्थी|बच्चे|छात्र-छात्राएँ)(?:\s+अपने\s+साथ|\s+अपना|\s+अपनी|\s+अपने)?\s+/u,
  bringVerb: /\s*(?:अपने\s+)?(?:साथ\s+)?(?:लाएँ|लाएं|लाना\s+है|लाना\s+अनिवार्य\s+है|लेकर\s+आएँ|लेकर\s+आएं|लाने\s+हैं)$/u,
  request: /(?:करें|कराएँ|कराएं|भरें|पहनें|दें|भेजें|लें|आएँ|आएं|पहुँचें|पहुंचें|अनिवार्य\s+है|आवश्यक\s+है|करना\s+है)$/u,
  noticeWords: /(?:सूचना|परिपत्र|प्रिय\s+अभिभावक|अभिभावकों\s+से\s+अनुरोध)/u,
});

export const TAMIL_FACT_PATTERNS = indicPatterns({
  months: ['ஜனவரி', 'பிப்ரவரி', 'மார்ச்', 'ஏப்ரல்', 'மே', 'ஜூன்', 'ஜூலை', 'ஆகஸ்ட்', 'ஆகஸ்டு', 'செப்டம்பர்', 'அக்டோபர்', 'நவம்பர்', 'டிசம்பர்'],
  weekdays: ['ஞாயிற்றுக்கிழமை', 'திங்கட்கிழமை', 'திங்கள்கிழமை', 'செவ்வாய்க்கிழமை', 'புதன்கிழமை', 'வியாழக்கிழமை', 'வெள்ளிக்கிழமை', 'சனிக்கிழமை'],
  dayParts: ['காலை', 'மதியம்', 'பிற்பகல்', 'மாலை', 'இரவு'],
  clock: 'மணி(?:க்கு)?',
  range: ['முதல்', 'வரை'],
  deadlineAfter: 'க்குள்|ஆம் தேதிக்குள்|தேதிக்குள்',
  places: /((?:பள்ளி\s+)?(?:விளையாட்டு\s+|கலை\s+|முதன்மை\s+)?(?:மைதானத்தில்|அரங்கில்|அரங்கத்தில்|கூடத்தில்|வளாகத்தில்|நூலகத்தில்|அலுவலகத்தில்|வகுப்பறையில்|ஆய்வகத்தில்|அறை\s+எண்\s+\p{Nd}+\s*-?இல்))/gu,
  currencyBefore: ['₹', 'ரூ.', 'ரூ', 'Rs.', 'Rs'],
  currencyAfter: ['ரூபாய்', '/-'],
  bringSubject: /^(?:அனைத்து\s+)?(?:மாணவர்கள்|மாணவிகள்|மாணவ\s+மாணவிகள்|குழந்தைகள்|பெற்றோர்கள்|பெற்றோர்)(?:\s+அனைவரும்)?\s+/u,
  itemsEnd: /(?<=[ைை])க்$/u,
  bringVerb: /\s*(?:ஆகியவற்றைக்?\s+|ஆகியவற்றை\s+)?(?:தங்களுடன்\s+)?கொண்டு\s+(?:வர\s+வேண்டும்|வரவும்|வரவேண்டும்|வர\s+வேண்டுகிறோம்)$/u,
  request: /(?:வேண்டும்|வேண்டுகிறோம்|கேட்டுக்கொள்ளப்படுகிறார்கள்|கேட்டுக்கொள்கிறோம்|செலுத்தவும்|வரவும்|அணியவும்)$/u,
  noticeWords: /(?:அறிவிப்பு|சுற்றறிக்கை|அன்புள்ள\s+பெற்றோர்)/u,
});
