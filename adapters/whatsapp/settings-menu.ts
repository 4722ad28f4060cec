import { LANGUAGE_CODES } from '../../src/core/languages.js';
import { languageName, message } from '../../src/core/messages.js';
import type { ListMessage, ListRow } from './graph-api.js';
import { SAME_AS_PAGE } from './choose-language.js';
import { NO_SUBJECT, SUBJECT_CHOICES, subjectChoice, subjectLabel, type SubjectChoice } from '../shared/subject-choices.js';

/**
 * The settings as WhatsApp interactive list messages: one list for the reply language, one for
 * the grade, one for the usual subject (nine and "none": one page). A list holds at most 10 rows, and there are 14 language choices and 12 grades, so
 * each list shows 9 and a "More…" row that sends the rest as a second list.
 */
const ROWS_PER_PAGE = 9;
const ROW_TITLE_MAX = 24;
const BUTTON_MAX = 20;

/** What a tapped row means. Row ids are ours ("lang:hi", "grade:5", "subj:science", "lang:more:1"); anything else is ignored. */
export type SettingsChoice =
  | { kind: 'language'; value: string }
  | { kind: 'grade'; value: number }
  | { kind: 'subject'; value: SubjectChoice | typeof NO_SUBJECT }
  | { kind: 'page'; list: 'language' | 'grade'; page: number };

const LANGUAGE_CHOICES = [...LANGUAGE_CODES, SAME_AS_PAGE];
const GRADE_CHOICES = Array.from({ length: 12 }, (_, i) => i + 1);

export function languageList(uiLanguage: string, page = 0): ListMessage {
  const rows = pageRows(
    LANGUAGE_CHOICES.map((code) => ({ id: `lang:${code}`, title: code === SAME_AS_PAGE ? message(uiLanguage, 'settings.same-as-page') : languageName(code, code) })),
    page,
    'lang',
    uiLanguage,
  );
  return { body: message(uiLanguage, 'settings.choose-language'), button: fit(message(uiLanguage, 'slack.settings-language'), BUTTON_MAX), sections: [{ title: fit(message(uiLanguage, 'slack.settings-language'), ROW_TITLE_MAX), rows }] };
}

export function gradeList(uiLanguage: string, page = 0): ListMessage {
  const rows = pageRows(
    GRADE_CHOICES.map((grade) => ({ id: `grade:${grade}`, title: message(uiLanguage, 'slack.settings-grade-option', { grade }) })),
    page,
    'grade',
    uiLanguage,
  );
  return { body: message(uiLanguage, 'settings.choose-grade'), button: fit(message(uiLanguage, 'slack.settings-grade'), BUTTON_MAX), sections: [{ title: fit(message(uiLanguage, 'slack.settings-grade'), ROW_TITLE_MAX), rows }] };
}

export function subjectList(uiLanguage: string): ListMessage {
  const rows = [...SUBJECT_CHOICES.map((subject) => ({ id: `subj:${subject}`, title: fit(subjectLabel(subject, uiLanguage), ROW_TITLE_MAX) })), { id: `subj:${NO_SUBJECT}`, title: fit(message(uiLanguage, 'subject.none'), ROW_TITLE_MAX) }];
  const label = message(uiLanguage, 'settings.change-subject');
  return { body: message(uiLanguage, 'settings.choose-subject'), button: fit(label, BUTTON_MAX), sections: [{ title: fit(label, ROW_TITLE_MAX), rows }] };
}

/** The choice a list reply's row id stands for, or null for an id that is not ours. */
export function readChoice(rowId: string): SettingsChoice | null {
  const page = /^(lang|grade):more:(\d{1,2})$/.exec(rowId);
  if (page) return { kind: 'page', list: page[1] === 'lang' ? 'language' : 'grade', page: Number(page[2]) };
  const language = /^lang:([a-z]{2,4})$/.exec(rowId);
  if (language && LANGUAGE_CHOICES.includes(language[1]!)) return { kind: 'language', value: language[1]! };
  const grade = /^grade:(\d{1,2})$/.exec(rowId);
  if (grade && GRADE_CHOICES.includes(Number(grade[1]))) return { kind: 'grade', value: Number(grade[1]) };
  const subject = /^subj:([a-z ]{2,30})$/.exec(rowId);
  const chosen = subject ? subjectChoice(subject[1]!) : undefined;
  if (chosen) return { kind: 'subject', value: chosen };
  return null;
}

function pageRows(all: ListRow[], page: number, prefix: string, uiLanguage: string): ListRow[] {
  const start = Math.max(0, page) * ROWS_PER_PAGE;
  const rows = all.slice(start, start + ROWS_PER_PAGE).map((row) => ({ ...row, title: fit(row.title, ROW_TITLE_MAX) }));
  const rest = all.length - (start + ROWS_PER_PAGE);
  if (rest === 1) rows.push({ ...all.at(-1)!, title: fit(all.at(-1)!.title, ROW_TITLE_MAX) });
  else if (rest > 1) rows.push({ id: `${prefix}:more:${page + 1}`, title: fit(message(uiLanguage, 'whatsapp.more'), ROW_TITLE_MAX) });
  return rows;
}

/** Cut to the platform's limit between graphemes, never inside a letter and its marks. */
function fit(text: string, max: number): string {
  const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  if (text.length <= max) return text;
  let out = '';
  for (const g of graphemes) {
    if (out.length + g.length > max - 1) break;
    out += g;
  }
  return `${out}…`;
}

/**
 * Words that bring up help and the settings lists, in English and Hindi (typed in Devanagari or
 * Latin). Only a message that is one of these words, alone, counts: "help me with this chapter"
 * is a text to simplify. Greetings ("hi", "namaste") are small talk: one short answer that says
 * what to send (src/conversation/small-talk.ts), not the lists.
 */
const HELP_WORDS = new Set(['help', 'menu', '?', 'मदद', 'सहायता', 'madad', 'sahayata']);
const SETTINGS_WORDS = new Set(['settings', 'setting', 'language', 'grade', 'subject', 'सेटिंग', 'सेटिंग्स', 'सेटिंग्ज़', 'भाषा', 'कक्षा', 'विषय', 'setting', 'bhasha', 'kaksha', 'vishay']);

export function settingsWord(text: string): 'help' | 'settings' | null {
  const word = text.trim().toLowerCase().normalize('NFC').replace(/[.!।?]+$/u, '');
  if (word === '') return text.trim() === '?' ? 'help' : null;
  if (SETTINGS_WORDS.has(word)) return 'settings';
  if (HELP_WORDS.has(word)) return 'help';
  return null;
}
