import type { JobRecord } from '../../src/core/job.js';
import type { SlackFileRef } from './slack-file-fetcher.js';

export const SLACK_PLATFORM = 'slack';

export type SlackJobInput =
  | { kind: 'file'; file: SlackFileRef }
  | { kind: 'text'; text: string }
  /** "/simplify" or a bare mention in a thread: the newest file of the thread or channel, found when the job runs. */
  | { kind: 'latest-file'; in: 'thread' | 'channel' };

/** Everything a Slack job needs, as JSON: the job is re-created from it after a restart. */
export interface SlackJobPayload {
  teamId: string;
  channel: string;
  user: string;
  /** The thread replies go to; null when the progress message starts a new one (slash command text). */
  threadTs: string | null;
  input: SlackJobInput;
  grade: number;
  /** Reply language; null keeps the document's. */
  targetLanguage: string | null;
  uiLanguage: string;
  /** The school subject for the tier router, from the request or the user's default. */
  subject?: string;
  /** Slash commands only: answers privately when the bot cannot post in the channel. Valid for 30 minutes. */
  responseUrl?: string;
  source: 'dm' | 'mention' | 'thread' | 'command';
}

export type SlackJob = JobRecord<SlackJobPayload>;

export function slackUserKey(teamId: string, userId: string): string {
  return `slack:${teamId}:${userId}`;
}
