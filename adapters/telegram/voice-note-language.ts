import type { TelegramJobPayload } from './telegram-job.js';

/**
 * The language a job's input is read in: for a voice note or audio file, the language the chat
 * chose with a button or /language (what a parent speaks is the language they asked answers in),
 * so the recogniser listens for it; with none chosen, 'auto', and the recogniser identifies the
 * language (asking for a tap when it is not sure). Pages and text keep 'auto': a chosen reply
 * language says nothing about the language a page is printed in.
 */
export function inputLanguage(payload: Pick<TelegramJobPayload, 'input' | 'spokenLanguage'>): string {
  const { input } = payload;
  const heard = input.kind === 'file' && (input.source === 'voice' || input.source === 'audio');
  return heard && payload.spokenLanguage ? payload.spokenLanguage : 'auto';
}
