import { conversationLanguage } from '../../src/conversation/conversation-language.js';
import { isSupportedLanguage } from '../../src/core/languages.js';
import { detectLanguage } from '../../src/text/detect-language.js';

/** Stored as the language choice "answer in the language of the page". */
export const SAME_AS_PAGE = 'same';

export interface LanguageClues {
  /** The language a caption names for this one message ("grade 5 tamil"). */
  caption?: string;
  /** The user's choice from the settings list: a language code or SAME_AS_PAGE. */
  chosen?: string;
  /** The language the user writes in: this message's text, else what they wrote before. */
  writesIn?: string;
  /** This message's own words (text or caption), when it has any. */
  userText?: string;
  /** DEFAULT_LANGUAGE: the reply language when nothing else says. */
  defaultLanguage: string;
}

/**
 * WhatsApp's two languages for one message. The language the bot speaks is the shared
 * conversation language (src/conversation/conversation-language.ts); WhatsApp tells us nothing
 * about the user's phone (no locale, unlike Telegram and Slack), so the language of their own
 * messages stands in for the app's language. The reply language is the caption's, else the
 * user's choice ("same as the page" keeps the page's), else the language they write in, else
 * DEFAULT_LANGUAGE.
 */
export function chooseLanguages(clues: LanguageClues): { uiLanguage: string; targetLanguage: string | null } {
  const chosen = clues.chosen && (clues.chosen === SAME_AS_PAGE || isSupportedLanguage(clues.chosen)) ? clues.chosen : undefined;
  const writesIn = clues.writesIn && isSupportedLanguage(clues.writesIn) ? clues.writesIn : undefined;
  const uiLanguage = conversationLanguage({
    requested: clues.caption ?? null,
    chosen: chosen && chosen !== SAME_AS_PAGE ? chosen : null,
    appLocale: writesIn ?? null,
    userText: clues.userText ?? null,
  });
  let targetLanguage: string | null;
  if (clues.caption) targetLanguage = clues.caption;
  else if (chosen) targetLanguage = chosen === SAME_AS_PAGE ? null : chosen;
  else targetLanguage = writesIn ?? clues.defaultLanguage;
  return { uiLanguage, targetLanguage };
}

/**
 * The language a user's own words are in, told from their script (and English from its words);
 * undefined for too little text to tell. Unlike the shared languageOfUserText it also says
 * "en": a parent who types English after writing Hindi is heard in English from then on.
 */
export function languageOfWords(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3) return undefined;
  const code = detectLanguage(text);
  return isSupportedLanguage(code) ? code : undefined;
}
