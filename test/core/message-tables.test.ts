import { describe, expect, it } from 'vitest';
import { ENGLISH_MESSAGES, MESSAGE_TABLES, type MessageKey } from '../../src/core/message-tables.js';
import { LANGUAGE_CODES, countScripts, languageInfo, type Script } from '../../src/core/languages.js';
import { LANGUAGE_NAMES } from '../../src/core/language-names.js';
import { languageName, message, translationUnavailableNote } from '../../src/core/messages.js';
import { detectLanguage } from '../../src/text/detect-language.js';
import { parseCaptionOptions } from '../../adapters/shared/caption-options.js';
import { parseLeadingOptions } from '../../adapters/shared/leading-options.js';

const TRANSLATED = LANGUAGE_CODES.filter((code) => code !== 'en');
const ENGLISH_KEYS = Object.keys(ENGLISH_MESSAGES) as MessageKey[];
const english = (key: MessageKey): string => ENGLISH_MESSAGES[key];

/**
 * The full stop each language writes. Hindi, Bengali, Punjabi, Odia and Assamese use the danda and
 * Urdu its own stop; modern Marathi and Gujarati, like the Dravidian languages, write ".".
 */
const FULL_STOP: Record<string, string> = {
  hi: '।', bn: '।', pa: '।', or: '।', as: '।', ur: '۔',
  mr: '.', gu: '.', ta: '.', te: '.', kn: '.', ml: '.',
};

/**
 * Latin a translation keeps as written: placeholders, product and platform names a parent or
 * teacher sees on screen, commands, a link, and quoted examples of what to type (those are checked
 * against the parsers below instead). Order matters: "/simplify settings" before bare commands.
 */
const KEPT_AS_WRITTEN: RegExp[] = [
  /\{\w+\}/g,
  /"[^"]*"/g,
  /api\.slack\.com\/apps/g,
  /OAuth & Permissions/g,
  /shikshasetu models pull/g,
  /@ShikshaSetu/g,
  /\/simplify settings/g,
  /\/[a-z]+/g,
  /\b(?:PDF|DOCX|HTML|Word|API|Slack)\b/g,
];

function withoutKept(text: string): string {
  return KEPT_AS_WRITTEN.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

// countScripts counts the danda (U+0964/5, in the Devanagari block) as Devanagari, but Bengali,
// Assamese, Odia and Gurmukhi text ends its sentences with it too.
const DANDA = /[।॥]/gu;

function letters(text: string): number {
  let total = 0;
  for (const count of countScripts(text.replace(DANDA, ' ')).values()) total += count;
  return total;
}

/** Letters of the text outside the given script, with the words they sit in, for a readable failure. */
function foreignWords(text: string, script: Script): string[] {
  return text.split(/\s+/u).filter((word) => [...countScripts(word.replace(DANDA, '')).keys()].some((s) => s !== script));
}

function table(code: string): Record<string, string> {
  const found = MESSAGE_TABLES[code];
  if (!found) throw new Error(`no message table for ${code}`);
  return found as Record<string, string>;
}

function quoted(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
}

describe('message tables', () => {
  it('has a table for every supported language', () => {
    expect(Object.keys(MESSAGE_TABLES).sort()).toEqual([...LANGUAGE_CODES].sort());
  });

  describe.each(TRANSLATED)('%s', (code) => {
    const { script } = languageInfo(code);

    it('translates every English key and no other', () => {
      const keys = Object.keys(table(code));
      expect(ENGLISH_KEYS.filter((key) => !keys.includes(key)), 'keys missing from the table').toEqual([]);
      expect(keys.filter((key) => !(key in ENGLISH_MESSAGES)), 'keys English does not have').toEqual([]);
    });

    it('keeps every placeholder exactly', () => {
      const changed = ENGLISH_KEYS.filter((key) => {
        const text = table(code)[key];
        return text !== undefined && placeholders(text).join() !== placeholders(english(key)).join();
      });
      expect(changed.map((key) => `${key}: ${table(code)[key]}`)).toEqual([]);
    });

    it(`writes in ${script} script, apart from product words, commands and examples`, () => {
      const problems: string[] = [];
      for (const key of ENGLISH_KEYS) {
        const text = table(code)[key];
        if (text === undefined) continue;
        const rest = withoutKept(text);
        const foreign = foreignWords(rest, script);
        if (foreign.length > 0) problems.push(`${key}: ${foreign.join(' ')}`);
        else if (letters(withoutKept(english(key))) > 0 && (countScripts(rest).get(script) ?? 0) === 0) problems.push(`${key}: not translated`);
      }
      expect(problems).toEqual([]);
    });

    it('reads as this language, not a neighbour that shares its script', () => {
      expect(detectLanguage(Object.values(table(code)).join('\n'))).toBe(code);
    });

    it(`ends sentences with "${FULL_STOP[code]}"`, () => {
      const stop = FULL_STOP[code]!;
      const wrong: string[] = [];
      for (const [key, text] of Object.entries(table(code))) {
        const stops = withoutKept(text).replace(/[\s✅❌…]+$/u, '').match(/[.।۔](?=\s|$)/gu) ?? [];
        if (stops.some((s) => s !== stop)) wrong.push(`${key}: ${text}`);
      }
      expect(wrong).toEqual([]);
    });

    it('keeps the spacing of the English text', () => {
      const wrong = ENGLISH_KEYS.filter((key) => {
        const text = table(code)[key];
        if (text === undefined) return false;
        const en = english(key);
        return /\s{2}/u.test(text) || (text.trim() === text) !== (en.trim() === en);
      });
      expect(wrong).toEqual([]);
    });

    it('gives caption examples the Telegram parser reads as grade 5 in this language', () => {
      const examples = quoted(table(code)['settings.help'] ?? '');
      expect(examples).toHaveLength(1);
      expect(parseCaptionOptions(examples[0])).toEqual({ grade: 5, language: code });
    });

    it('gives Slack examples the Slack parser reads as grade 6 in this language', () => {
      const examples = [...quoted(table(code)['slack.usage'] ?? ''), ...quoted(table(code)['slack.settings-intro'] ?? '')];
      expect(examples).toHaveLength(2);
      for (const example of examples) {
        expect(parseLeadingOptions(example.replace(/^@ShikshaSetu\s+/u, ''))).toEqual({ grade: 6, language: code, rest: '' });
      }
    });
  });

  it('uses the Urdu comma and question mark in Urdu', () => {
    const urdu = Object.values(table('ur')).map(withoutKept).join('\n');
    expect(urdu).not.toMatch(/[,?]/u);
  });

  it('writes Assamese with ৰ and ৱ and Bengali without them', () => {
    expect(Object.values(table('as')).join('')).toMatch(/ৰ/u);
    expect(Object.values(table('as')).join('')).toMatch(/ৱ/u);
    expect(Object.values(table('bn')).join('')).not.toMatch(/[ৰৱ]/u);
  });
});

describe('language names in messages', () => {
  it('names every language in every UI language, in that language\'s script', () => {
    expect(Object.keys(LANGUAGE_NAMES).sort()).toEqual([...TRANSLATED].sort());
    for (const ui of TRANSLATED) {
      const names = LANGUAGE_NAMES[ui]!;
      const { script } = languageInfo(ui);
      expect(Object.keys(names).sort(), ui).toEqual([...LANGUAGE_CODES].sort());
      expect(new Set(Object.values(names)).size, `${ui}: two languages share a name`).toBe(LANGUAGE_CODES.length);
      for (const [code, name] of Object.entries(names)) {
        expect(foreignWords(name, script), `${ui} name of ${code}`).toEqual([]);
        expect(letters(name), `${ui} name of ${code}`).toBeGreaterThan(0);
      }
      expect(names[ui]!.normalize('NFC'), `${ui} name for itself`).toBe(languageInfo(ui).nativeName.normalize('NFC'));
    }
  });

  it('names a language in the language of the sentence', () => {
    expect(languageName('ta', 'hi')).toBe('तमिल');
    expect(languageName('hi', 'ta')).toBe('இந்தி');
    expect(languageName('ta', 'en')).toBe('Tamil');
    expect(languageName('ta', 'ta')).toBe('தமிழ்');
    expect(languageName('xx', 'hi')).toBe('xx');
    // message() answers a language without a table in English, so the name is English too.
    expect(languageName('ta', 'und')).toBe('Tamil');
    expect(message('und', 'settings.language-saved', { language: languageName('ta', 'und') })).toBe('I will answer in Tamil.');
    expect(message('hi', 'settings.language-saved', { language: languageName('ta', 'hi') })).toBe('मैं तमिल में जवाब दूँगा।');
  });

  it('keeps the translation note in one script for every pair of languages', () => {
    for (const from of TRANSLATED) {
      const { script } = languageInfo(from);
      for (const to of LANGUAGE_CODES) {
        if (to === from) continue;
        const note = translationUnavailableNote(from, to);
        expect(note, `${from} -> ${to}`).toContain(LANGUAGE_NAMES[from]![to]!);
        expect(foreignWords(withoutKept(note), script), `${from} -> ${to}`).toEqual([]);
      }
    }
  });
});
