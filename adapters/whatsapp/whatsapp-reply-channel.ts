import type { VoiceNote } from '../../src/core/report.js';
import type { ReplyChannel, ReplyDocument } from '../../src/core/reply-channel.js';
import type { GraphApi } from './graph-api.js';
import { plainWhatsApp, renderWhatsAppReply } from './whatsapp-text.js';

/** Ogg with Opus inside: the one audio format WhatsApp plays as a voice message. */
export const VOICE_NOTE_MIME = 'audio/ogg; codecs=opus';
/** WhatsApp's limit for a media caption. */
const CAPTION_LIMIT = 1024;

/**
 * Answers one WhatsApp user. WhatsApp cannot edit a sent message, so the progress message is sent
 * once and stage changes show as the typing indicator instead (no stream of status texts, which
 * would also run into the per-user pair rate limit). The voice note is uploaded as Ogg/Opus and
 * sent by its media id; WhatsApp audio messages carry no caption. A reply over three messages
 * goes as its first part and a DOCX document, uploaded and sent by id the same way.
 */
export class WhatsAppReplyChannel implements ReplyChannel {
  constructor(
    private readonly api: GraphApi,
    private readonly to: string,
    readonly uiLanguage: string,
    /** The user's message: quoted by the progress message, and what the typing indicator hangs on. */
    private readonly messageId: string,
  ) {}

  async sendProgress(text: string): Promise<string> {
    return this.api.sendText(this.to, plainWhatsApp(text), this.messageId);
  }

  async editProgress(): Promise<void> {
    // Sent messages cannot be edited on WhatsApp; the typing indicator shows that work goes on.
  }

  async chatAction(): Promise<void> {
    await this.api.markRead(this.messageId, true);
  }

  renderReply(body: string, footer: string): string[] {
    return renderWhatsAppReply(body, footer);
  }

  async sendPart(part: string): Promise<void> {
    await this.api.sendText(this.to, part);
  }

  async sendVoice(note: VoiceNote): Promise<void> {
    const mediaId = await this.api.uploadMedia(note.data, VOICE_NOTE_MIME, 'voice.ogg');
    await this.api.sendAudio(this.to, mediaId);
  }

  /** A long reply's whole text: uploaded like the voice note, then sent by id with its file name and a caption. */
  async sendDocument(document: ReplyDocument, caption: string): Promise<void> {
    const mediaId = await this.api.uploadMedia(document.data, document.mime, document.fileName);
    await this.api.sendDocument(this.to, mediaId, document.fileName, plainWhatsApp(caption).slice(0, CAPTION_LIMIT));
  }

  async sendNotice(text: string): Promise<void> {
    await this.api.sendText(this.to, plainWhatsApp(text));
  }
}
