import type { webApi } from '@slack/bolt';
import type { ReplyChannel, ReplyDocument } from '../../src/core/reply-channel.js';
import type { VoiceNote } from '../../src/core/report.js';
import { escapeMrkdwn, renderSlackReply, SLACK_PART_CHARS } from './slack-mrkdwn.js';

/** Where a job's messages go. */
export interface SlackReplyTarget {
  channel: string;
  /** null until the progress message starts a thread. */
  threadTs: string | null;
}

/**
 * Every message the bot posts carries these: no URL or name linking by Slack (document text is
 * escaped anyway), no link previews of addresses quoted from a document.
 */
const SAFE_POSTING = { parse: 'none', link_names: false, unfurl_links: false, unfurl_media: false, mrkdwn: true } as const;

/** The voice note's file name: Slack plays .ogg (Ogg/Opus) inline. */
export const VOICE_FILE_NAME = 'reply.ogg';

/**
 * Replies in the thread of the request: a progress message that is edited as stages finish
 * (chat.update), the text in parts, the voice note through the files upload v2 flow
 * (files.getUploadURLExternal, upload, files.completeUploadExternal) shared into the thread.
 * Slack has no "typing…" for bots outside assistant threads, so chatAction does nothing.
 */
export class SlackReplyChannel implements ReplyChannel {
  private threadTs: string | null;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly target: SlackReplyTarget,
    readonly uiLanguage: string,
    /** Largest message text. Defaults to SLACK_PART_CHARS (3500). */
    private readonly maxPartChars: number = SLACK_PART_CHARS,
  ) {
    this.threadTs = target.threadTs;
  }

  /** The thread replies go to, once known. */
  get thread(): string | null {
    return this.threadTs;
  }

  async sendProgress(text: string): Promise<string> {
    const posted = await this.post(escapeMrkdwn(text));
    const ts = posted.ts;
    if (!ts) throw new Error('chat.postMessage returned no ts');
    // A slash command's text has no thread yet: the progress message becomes its root.
    this.threadTs ??= ts;
    return `${this.target.channel} ${ts}`;
  }

  /** Takes the thread from a progress handle recorded earlier (a resumed job). */
  adoptProgress(handle: string): void {
    const ts = handle.split(' ')[1];
    if (ts) this.threadTs ??= ts;
  }

  async editProgress(handle: string, text: string): Promise<void> {
    const [channel, ts] = handle.split(' ');
    if (!channel || !ts) return;
    await this.client.chat.update({ channel, ts, text: escapeMrkdwn(text), parse: 'none', link_names: false });
  }

  async chatAction(): Promise<void> {}

  renderReply(body: string, footer: string): string[] {
    return renderSlackReply(body, footer, this.maxPartChars);
  }

  async sendPart(part: string): Promise<void> {
    await this.post(part);
  }

  async sendVoice(note: VoiceNote, caption: string): Promise<void> {
    const file = { file: note.data, filename: VOICE_FILE_NAME, title: caption };
    await this.client.files.uploadV2(this.threadTs ? { channel_id: this.target.channel, thread_ts: this.threadTs, ...file } : { channel_id: this.target.channel, ...file });
  }

  async sendNotice(text: string): Promise<void> {
    await this.post(escapeMrkdwn(text));
  }

  /** The whole reply as a file, in the thread like the voice note. */
  async sendDocument(document: ReplyDocument, caption: string): Promise<void> {
    const file = { file: document.data, filename: document.fileName, title: caption };
    await this.client.files.uploadV2(this.threadTs ? { channel_id: this.target.channel, thread_ts: this.threadTs, ...file } : { channel_id: this.target.channel, ...file });
  }

  private post(text: string) {
    return this.client.chat.postMessage({ channel: this.target.channel, ...(this.threadTs ? { thread_ts: this.threadTs } : {}), text, ...SAFE_POSTING });
  }
}
