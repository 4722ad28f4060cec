import type { VoiceNote } from './report.js';

/**
 * How a job talks back to the person who sent it. Each adapter implements it for its platform
 * and owns the platform's duties: escaping, splitting to the message size limit, uploads.
 */
export interface ReplyChannel {
  /** The user's interface language, for every message the bot itself writes. */
  readonly uiLanguage: string;
  /** Sends the short "working on it" message; returns what editProgress needs to edit it. */
  sendProgress(text: string): Promise<string>;
  editProgress(handle: string, text: string): Promise<void>;
  /** Shows "typing…" or "recording a voice message…"; platforms without it do nothing. */
  chatAction(action: 'typing' | 'record_voice'): Promise<void>;
  /**
   * Renders the reply for the platform: the body escaped and cut into messages that fit, the
   * footer (one short line: which path served, caveats) set apart in the last one.
   */
  renderReply(body: string, footer: string): string[];
  /** Sends one part produced by renderReply, as is. */
  sendPart(part: string): Promise<void>;
  sendVoice(note: VoiceNote, caption: string): Promise<void>;
  /** A plain one-sentence notice: a refusal, a limit, an apology. Escaped by the adapter. */
  sendNotice(text: string): Promise<void>;
  /**
   * Asks the user to set their language with one button press (a button per language that saves
   * it as their setting), after a voice note whose language was not found for sure. Platforms
   * without such buttons leave it out: the question is not asked there.
   */
  askLanguage?(text: string): Promise<void>;
}
