import { describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { fleschKincaidGrade } from '../../src/text/readability.js';
import { splitSentences, words } from '../../src/text/sentences.js';

const simplifier = new RuleBasedSimplifier();
const simplify = (text: string, grade = 5, language = 'en') => simplifier.simplify({ text, language, grade });

const LONG =
  'Photosynthesis, which takes place in the chloroplasts of leaf cells, is the process by which green plants utilize sunlight ' +
  'to make food from carbon dioxide and water, and it releases oxygen into the air that animals breathe.';

const PASSAGE = [
  'The Mughal emperor Akbar, who ruled from 1556 to 1605, was particularly famous for his tolerance, and he abolished the tax on pilgrims in 1563.',
  'The monsoon winds, which originate over the Indian Ocean, bring heavy rain to the subcontinent; however, the rains frequently cause floods in low-lying areas, damaging crops and homes.',
  'Although the river is extremely polluted, thousands of people bathe in it every year, hoping that the water will cure their illnesses.',
].join(' ');

describe('RuleBasedSimplifier (English)', () => {
  it('names its backend as the rule-based path', async () => {
    const result = await simplify('The cat sat on the mat.');
    expect(result.backend).toEqual({ path: 'rule-based', name: 'rule-based simplifier' });
    expect(result.notes).toEqual([]);
  });

  it('splits a long sentence at its clause boundaries and keeps its content words', async () => {
    const { text } = await simplify(LONG, 4);
    const sentences = splitSentences(text);
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    const longest = Math.max(...sentences.map((s) => words(s).length));
    expect(longest).toBeLessThan(words(LONG).length * 0.7);
    for (const word of ['chloroplasts', 'leaf', 'sunlight', 'carbon', 'dioxide', 'oxygen', 'animals', 'breathe']) expect(text).toContain(word);
  });

  it('drops bracketed asides', async () => {
    const { text } = await simplify('Tube sound (also called valve sound) is the sound of an amplifier [note 3].');
    expect(text).not.toMatch(/valve|note 3|[()[\]]/);
    expect(text).toContain('Tube sound');
  });

  it('replaces a rare word with a common synonym', async () => {
    const { text } = await simplify('In 2001 the federation purchased a rival company and constructed a stadium.');
    expect(text).not.toMatch(/purchased|constructed/);
    expect(text).toMatch(/bought/);
    expect(text).toMatch(/built/);
  });

  it('drops empty emphasis but keeps adverbs that carry meaning', async () => {
    const { text } = await simplify('The city is particularly famous for its gardens. The moon is irregularly shaped. He unsuccessfully contested the seat.');
    expect(text).not.toContain('particularly');
    expect(text).toContain('irregularly shaped');
    expect(text).toContain('unsuccessfully');
  });

  it('keeps numbers, names and negations on tricky inputs at every grade', async () => {
    const tricky = [
      'The Reserve Bank of India, which was founded on 1 April 1935, did not raise the repo rate above 6.5% in 2024, although prices rose by 3.5 percent.',
      'NASA never launched the 1,500 kg probe, and Dr. Kalam, a renowned scientist, wasn\'t surprised; the ticket cost ₹250 and nobody complained.',
      'On 15 August 1947, India became independent, but Mahatma Gandhi, who had led the movement for decades, was not in Delhi that day.',
    ];
    for (const grade of [1, 5, 12]) {
      for (const input of tricky) {
        const { text } = await simplify(input, grade);
        for (const number of input.match(/₹?\d[\d,.]*\d%?|\d/g) ?? []) expect(text, `grade ${grade}: ${number}`).toContain(number);
        for (const name of input.match(/\b[A-Z][A-Za-z]+(?:\s[A-Z][a-z]+)*/g) ?? []) {
          if (['The', 'On', 'Although', 'NASA'].includes(name)) continue;
          for (const part of name.split(' ')) expect(text, `grade ${grade}: ${part}`).toContain(part);
        }
        expect(text).toContain('NASA'.repeat(input.includes('NASA') ? 1 : 0));
        const negations = (s: string) => (s.match(/\b(?:not|never|nobody)\b|n't/g) ?? []).length;
        expect(negations(text), `grade ${grade}: ${text}`).toBe(negations(input));
      }
    }
  });

  it('leaves out optional detail for young readers only, giving a describing clause its own sentence', async () => {
    const input = 'The old bridge, which stands over a wide river, is long. During the long journey across the desert, the travellers lost a camel.';
    const young = (await simplify(input, 1)).text;
    expect(young).toBe('The old bridge is long. It stands over a river. The travellers lost a camel.');
    const older = (await simplify(input, 8)).text;
    for (const word of ['stands', 'river', 'journey', 'desert']) expect(older).toContain(word);
  });

  it('writes plain-language phrases from the retext-simplify table', async () => {
    const { text } = await simplify('They dug the canal in order to water the fields prior to the monsoon.', 8);
    expect(text).toBe('They dug the canal to water the fields before the monsoon.');
  });

  it('reads easier for lower grades', async () => {
    const fkgl = async (grade: number) => fleschKincaidGrade((await simplify(PASSAGE, grade)).text);
    const [g2, g6, g12] = [await fkgl(2), await fkgl(6), await fkgl(12)];
    expect(g2).toBeLessThanOrEqual(g6);
    expect(g6).toBeLessThanOrEqual(g12);
    expect(g2).toBeLessThan(fleschKincaidGrade(PASSAGE) - 2);
  });

  it('keeps paragraph breaks and is deterministic', async () => {
    const input = `${LONG}\n\n${PASSAGE}\n\nShort one.`;
    const first = await simplify(input, 3);
    const second = await simplify(input, 3);
    expect(first.text).toBe(second.text);
    expect(first.text.split('\n\n')).toHaveLength(3);
  });

  it('never returns empty text for non-empty input', async () => {
    for (const input of ['(only an aside)', '!!!', '...', 'Moreover,', 'Very.', '42', '  word  ', '[1]']) {
      const { text } = await simplify(input, 1);
      expect(text.trim().length, JSON.stringify(input)).toBeGreaterThan(0);
    }
  });

  it('copes with hostile input', async () => {
    const runOn = 'and the river, which flows, '.repeat(3000);
    const { text } = await simplify(runOn, 2);
    expect(text.length).toBeGreaterThan(0);
    const symbols = await simplify('<<>>{{}}(((]]] \u0000 \u202e ,,,;;; 💥'.repeat(200), 5);
    expect(symbols.text.length).toBeGreaterThan(0);
  });

  it('stops when the job is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(simplifier.simplify({ text: LONG, language: 'en', grade: 5, signal: controller.signal })).rejects.toThrow();
  });
});

describe('RuleBasedSimplifier (other languages)', () => {
  const HINDI =
    'भारत एक विशाल देश है जिसमें अनेक भाषाएँ बोली जाती हैं और यहाँ की संस्कृति बहुत पुरानी है, लेकिन आज भी कई गाँवों में 2011 की जनगणना के अनुसार बिजली की सुविधा नहीं है (विद्युत) और बच्चे पैदल स्कूल जाते हैं। यह दूसरा वाक्य है।';
  const TAMIL =
    'இந்தியா ஒரு பெரிய நாடு ஆகும், இங்கு 22 மொழிகள் பேசப்படுகின்றன; ஆனால் ஒவ்வொரு மாநிலத்திலும் வெவ்வேறு பழக்கவழக்கங்கள் உள்ளன மற்றும் மக்கள் அவற்றை மதிக்கிறார்கள். இரண்டாவது வாக்கியம்.';
  const URDU =
    'پاکستان ایک خوبصورت ملک ہے جہاں بہت سے دریا بہتے ہیں اور 1947 میں آزاد ہوا، لیکن بہت سے علاقوں میں لوگوں کو صاف پانی نہیں ملتا اور بچوں کو اسکول جانے کے لیے دور جانا پڑتا ہے۔ یہ دوسرا جملہ ہے۔';

  it.each([
    ['hi', HINDI, '।'],
    ['ta', TAMIL, '.'],
    ['ur', URDU, '۔'],
  ])('%s: splits at the language\'s own marks, keeps numbers and carries the note', async (language, input, stop) => {
    const result = await simplify(input, 3, language);
    const before = splitSentences(input, language).length;
    const after = splitSentences(result.text, language);
    expect(after.length).toBeGreaterThan(before);
    for (const sentence of after) expect(sentence.endsWith(stop), sentence).toBe(true);
    for (const number of input.match(/\d+/g) ?? []) expect(result.text).toContain(number);
    expect(result.notes).toEqual([message(language, 'note.simplify-needs-model')]);
    expect(result.backend.path).toBe('rule-based');
  });

  it('drops bracketed asides and changes no word', async () => {
    const { text } = await simplify(HINDI, 3, 'hi');
    expect(text).not.toContain('(विद्युत)');
    const inputWords = new Set(words(HINDI));
    for (const word of words(text)) expect(inputWords.has(word), word).toBe(true);
  });

  it('does not cut a short sentence', async () => {
    const short = 'यह एक छोटा वाक्य है, लेकिन सरल है।';
    const { text } = await simplify(short, 5, 'hi');
    expect(text).toBe(short);
  });
});

describe('headings, labels and sign-offs', () => {
  it('keeps them as written instead of misreading their words', async () => {
    const simplifier = new RuleBasedSimplifier();
    const text = 'Circular No. 42 - Parent-Teacher Meeting\n\nPrincipal, Mrs. Sunita Sharma\n\nThe meeting (for all classes) will start at 9:30 in the morning.';
    const result = await simplifier.simplify({ text, language: 'en', grade: 3 });
    const paragraphs = result.text.split('\n\n');
    expect(paragraphs[0]).toBe('Circular No. 42 - Parent-Teacher Meeting');
    expect(paragraphs[1]).toBe('Principal, Mrs. Sunita Sharma');
    expect(paragraphs[2]).toBe('The meeting will start at 9:30 in the morning.');
  });
});
