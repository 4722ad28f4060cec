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
  /** DEFAULT_LANGUAGE: the reply language when nothing else says. */
  defaultLanguage: string;
}

/**
 * WhatsApp's language decision in one place, so a shared conversation-language resolver can
 * replace it later. WhatsApp tells us nothing about the user's language (no locale, unlike
 * Telegram), so the order is: the caption's language for that message, the user's choice, the
 * language of their own messages (told from the script they write in), then English for what
 * the bot says and DEFAULT_LANGUAGE for the reply.
 */
export function chooseLanguages(clues: LanguageClues): { uiLanguage: string; targetLanguage: string | null } {
  const chosen = clues.chosen && (clues.chosen === SAME_AS_PAGE || isSupportedLanguage(clues.chosen)) ? clues.chosen : undefined;
  const writesIn = clues.writesIn && isSupportedLanguage(clues.writesIn) ? clues.writesIn : undefined;
  const uiLanguage = clues.caption ?? (chosen && chosen !== SAME_AS_PAGE ? chosen : undefined) ?? writesIn ?? 'en';
  let targetLanguage: string | null;
  if (clues.caption) targetLanguage = clues.caption;
  else if (chosen) targetLanguage = chosen === SAME_AS_PAGE ? null : chosen;
  else targetLanguage = writesIn ?? clues.defaultLanguage;
  return { uiLanguage, targetLanguage };
}

/** The language a user's own words are in, told from their script; undefined for too little text to tell. */
export function languageOfWords(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3) return undefined;
  const code = detectLanguage(text);
  return isSupportedLanguage(code) ? code : undefined;
}
