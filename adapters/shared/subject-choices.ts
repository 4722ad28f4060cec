import { message, type MessageKey } from '../../src/core/messages.js';
import { subjectAt } from './option-words.js';

/**
 * The subjects a user can pick as their usual one from a settings menu: the router's names
 * (option-words.ts), the technical ones first. Nine, so that with "no usual subject" the list
 * fits one WhatsApp list section (ten rows). Other subjects can still be written in a caption.
 */
export const SUBJECT_CHOICES = ['science', 'mathematics', 'physics', 'chemistry', 'biology', 'history', 'geography', 'social science', 'computer science'] as const;

export type SubjectChoice = (typeof SUBJECT_CHOICES)[number];

/** What a menu stores for "no usual subject": the stored subject is removed. */
export const NO_SUBJECT = 'none';

/** A menu choice that came back from a client (untrusted) -> a listed subject, or NO_SUBJECT; else undefined. */
export function subjectChoice(value: string): SubjectChoice | typeof NO_SUBJECT | undefined {
  if (value === NO_SUBJECT) return NO_SUBJECT;
  return (SUBJECT_CHOICES as readonly string[]).includes(value) ? (value as SubjectChoice) : undefined;
}

/** A subject written as words ("विज्ञान", "social science") -> the router's name, for a typed command. */
export function subjectFromWords(text: string): string | undefined {
  const words = text.trim().split(/\s+/u).filter(Boolean);
  const found = subjectAt(words, 0);
  return found && found.length === words.length ? found.subject : undefined;
}

/** A subject's label in the user's language; a subject outside the menu is shown by its name. */
export function subjectLabel(subject: string, uiLanguage: string): string {
  const choice = subjectChoice(subject);
  if (!choice || choice === NO_SUBJECT) return subject;
  return message(uiLanguage, `subject.${choice.replace(' ', '-')}` as MessageKey);
}

/** The preferences change a choice makes: a subject, or none (undefined is dropped when stored). */
export function subjectChange(choice: SubjectChoice | typeof NO_SUBJECT): { subject: string | undefined } {
  return { subject: choice === NO_SUBJECT ? undefined : choice };
}

/** "Usual subject saved: Science." or "No usual subject is set now." */
export function subjectSavedMessage(choice: string | undefined, uiLanguage: string): string {
  return choice && choice !== NO_SUBJECT ? message(uiLanguage, 'settings.subject-saved', { subject: subjectLabel(choice, uiLanguage) }) : message(uiLanguage, 'settings.subject-cleared');
}
