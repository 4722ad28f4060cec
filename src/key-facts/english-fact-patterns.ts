import * as chrono from 'chrono-node';
import type { KeyFact } from '../core/key-facts.js';
import { isInstruction } from '../simplify/rule-based/instruction.js';
import { tagTokens } from '../simplify/rule-based/tokens.js';
import { amountPattern, allMatches, type LanguageFactPatterns, type SentenceFacts } from './fact-patterns.js';
import { withoutStop } from './notice-sentences.js';

const CLOCK = String.raw`\d{1,2}(?:[:.]\d{2})?\s?(?:a\.?\s?m\.?|p\.?\s?m\.?|noon|o'clock)|\d{1,2}:\d{2}(?:\s?hrs)?`;
/** "9:00 AM to 1:00 PM", "10.30 a.m.", "from 2 pm till 4 pm": a range is one fact. */
const TIME = new RegExp(String.raw`\b(?:${CLOCK})(?:\s*(?:to|till|until|-|–)\s*(?:${CLOCK}))?(?![\p{L}])`, 'giu');
const AMOUNT = amountPattern(['₹', 'Rs.', 'Rs', 'INR', 'Rupees'], ['rupees', 'rupee', '/-']);
/** Places a school sends parents and children to; "school" alone says nothing. */
const PLACE_NOUNS = [
  'assembly hall', 'school premises', 'playground', 'ground', 'grounds', 'auditorium', 'hall', 'campus', 'classroom', 'classrooms',
  'library', 'stadium', 'gate', 'office', 'park', 'museum', 'zoo', 'room', 'lab', 'laboratory', 'garden', 'field', 'centre', 'center', 'premises', 'reception',
];
const PLACE = new RegExp(String.raw`\b(?:at|in|venue\s*:?)\s+((?:the\s+)?(?:[\p{L}'-]+\s+){0,3}?(?:${PLACE_NOUNS.join('|')})(?:\s+(?:no\.?\s*)?\d+)?)\b`, 'giu');
const BRING = /\b(?:bring|carry)\s+(?:along\s+)?(.+)$/iu;
const DEADLINE_BEFORE = /\b(?:by|before|latest by|not later than|on or before|due on|due by|last date(?: is| for [\p{L} ]+)?:?)\s*$/iu;
const NOTICE_WORDS = /\b(?:circular|notice|dear parents|parents are requested|kindly note)\b/iu;

/**
 * English notices: dates from chrono-node (British day-month order, as Indian schools write
 * them), times, places, things to bring, amounts and instructions from patterns and the
 * simplifier's own instruction detection. Every fact is a piece of the sentence as written.
 */
export const ENGLISH_FACT_PATTERNS: LanguageFactPatterns = {
  noticeWords: NOTICE_WORDS,
  sentence(sentence: string): SentenceFacts {
    const facts: KeyFact[] = [];
    const times = allMatches(sentence, TIME);
    for (const found of chrono.en.GB.parse(sentence, new Date(2000, 0, 1))) {
      if (!found.start.isCertain('day') && !found.start.isCertain('weekday')) continue;
      const text = dateOnly(found.text, times);
      if (!text || !/\p{L}{3}|\d/u.test(text) || times.some((t) => t === text)) continue;
      const before = sentence.slice(0, found.index);
      facts.push({ kind: DEADLINE_BEFORE.test(before) ? 'deadline' : 'when', text });
    }
    for (const time of times) facts.push({ kind: 'time', text: time });
    for (const place of allMatches(sentence, PLACE)) facts.push({ kind: 'where', text: place });
    for (const amount of allMatches(sentence, AMOUNT)) facts.push({ kind: 'pay', text: amount });
    const tokens = tagTokens(sentence);
    const instruction = isInstruction(tokens);
    const bring = BRING.exec(withoutStop(sentence));
    if (bring?.[1]) facts.push({ kind: 'bring', text: bring[1].replace(/\s+(?:with them|along|with you)$/iu, '').trim() });
    else if (instruction && !facts.some((f) => f.kind === 'pay') && sentence.split(/\s+/u).length >= 3) facts.push({ kind: 'do', text: withoutStop(sentence) });
    return { facts, instruction };
  },
};

/** chrono's span without the time it also read and the words around it: "on Saturday, 14 December 2024". */
function dateOnly(span: string, times: string[]): string {
  let text = span;
  for (const time of times) {
    const at = text.indexOf(time);
    if (at > 0) text = text.slice(0, at);
  }
  return text
    .replace(/^(?:on|from|by|before|dated?|till|until)\s+/iu, '')
    .replace(/[\s,]*(?:from|at|to|between|till|until|-|–)?\s*$/iu, '')
    .trim();
}
