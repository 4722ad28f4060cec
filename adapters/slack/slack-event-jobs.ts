import type { SlackFileRef } from './slack-file-fetcher.js';
import { SLACK_PLATFORM, slackUserKey, type SlackJob, type SlackJobPayload } from './slack-job.js';
import { parseLeadingOptions, type LeadingOptions } from '../shared/leading-options.js';
import { plainTextFromSlack, splitAtMention } from './slack-inbound-text.js';
import type { ResolvedSettings } from './slack-settings.js';

/** A message event (message.im / message.channels / app_mention), checked field by field. */
export interface InboundMessage {
  teamId: string;
  channel: string;
  /** 'im', 'channel', 'group', 'mpim'; app_mention events leave it out. */
  channelType?: string;
  user: string;
  ts: string;
  threadTs?: string;
  /** Slack markup, as sent. */
  text: string;
  files: SlackFileRef[];
  subtype?: string;
  botId?: string;
}

/** Message subtypes that are a person saying something; edits, joins and deletions are not. */
const HANDLED_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/** Most files of one message turned into jobs; the per-user limits apply on top. */
export const MAX_FILES_PER_MESSAGE = 5;

/** A text request shorter than this is a greeting or a stray word: the user gets the usage line. */
export const MIN_TEXT_WORDS = 3;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Reads the fields used from an event; null when it is not a person's message (bots, edits, joins). */
export function readInboundMessage(event: unknown, teamId: string): InboundMessage | null {
  if (typeof event !== 'object' || event === null) return null;
  const e = event as Record<string, unknown>;
  const subtype = str(e.subtype);
  const channel = str(e.channel);
  const user = str(e.user);
  const ts = str(e.ts);
  if (!HANDLED_SUBTYPES.has(subtype) || str(e.bot_id) || !channel || !user || !ts) return null;
  const files = Array.isArray(e.files) ? e.files.flatMap((f) => readFile(f)) : [];
  return {
    teamId,
    channel,
    ...(str(e.channel_type) ? { channelType: str(e.channel_type) } : {}),
    user,
    ts,
    ...(str(e.thread_ts) ? { threadTs: str(e.thread_ts) } : {}),
    text: typeof e.text === 'string' ? e.text : '',
    files,
  };
}

function readFile(value: unknown): SlackFileRef[] {
  if (typeof value !== 'object' || value === null) return [];
  const f = value as Record<string, unknown>;
  const id = str(f.id);
  if (!id || f.mode === 'tombstone') return [];
  const url = str(f.url_private_download) ?? str(f.url_private);
  return [
    {
      id,
      name: str(f.name) ?? str(f.title) ?? 'file',
      ...(typeof f.size === 'number' && Number.isFinite(f.size) ? { size: f.size } : {}),
      ...(str(f.mimetype) ? { mimetype: str(f.mimetype) } : {}),
      ...(str(f.filetype) ? { filetype: str(f.filetype) } : {}),
      // An external file (a Drive link) has no bytes on Slack: leaving the URL out makes the job say so.
      ...(url && f.is_external !== true ? { url } : {}),
    },
  ];
}

/** True when the message mentions the bot (then app_mention also arrives for it). */
export function mentionsBot(message: InboundMessage, botUserId: string): boolean {
  return new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`).test(message.text);
}

/** What the person asked for: options, the text they wrote (plain), and files. */
export function readRequest(message: InboundMessage, botUserId: string, mention: boolean): LeadingOptions {
  if (!mention) return parseLeadingOptions(plainTextFromSlack(message.text, { dropUser: botUserId }));
  // "<@BOT> grade 6 hindi": options follow the mention; words before it are kept as text.
  const { before, after } = splitAtMention(message.text, botUserId);
  const parsed = parseLeadingOptions(plainTextFromSlack(after, { dropUser: botUserId }));
  const rest = [plainTextFromSlack(before, { dropUser: botUserId }), parsed.rest].filter(Boolean).join(' ').trim();
  return { ...parsed, rest };
}

export type MessagePlan = { kind: 'jobs'; jobs: SlackJob[] } | { kind: 'usage' };

/**
 * Turns one message into jobs: one per file (up to MAX_FILES_PER_MESSAGE), else one for its text,
 * else (a bare mention inside a thread) one for the newest file of that thread. Replies go to the
 * message's thread. Job ids come from the message, not the event: Slack delivers a mention as both
 * app_mention and message events with different event_ids, and retries reuse the event; either
 * way the message is one job.
 */
export function planMessage(message: InboundMessage, request: LeadingOptions, settings: ResolvedSettings, source: 'dm' | 'mention' | 'thread', now = Date.now()): MessagePlan {
  const threadTs = message.threadTs ?? message.ts;
  const base = `slack:msg:${message.teamId}:${message.channel}:${message.ts}`;
  const make = (input: SlackJobPayload['input'], suffix = ''): SlackJob => ({
    id: base + suffix,
    platform: SLACK_PLATFORM,
    orderingKey: `slack:${message.teamId}:${message.channel}:${threadTs}`,
    userKey: slackUserKey(message.teamId, message.user),
    payload: { teamId: message.teamId, channel: message.channel, user: message.user, threadTs, input, ...settings, source },
    createdAt: now,
  });
  if (message.files.length > 0) {
    return { kind: 'jobs', jobs: message.files.slice(0, MAX_FILES_PER_MESSAGE).map((file, i) => make({ kind: 'file', file }, i === 0 ? '' : `:${i}`)) };
  }
  if (wordCount(request.rest) >= MIN_TEXT_WORDS) return { kind: 'jobs', jobs: [make({ kind: 'text', text: request.rest })] };
  if (source === 'mention' && message.threadTs) return { kind: 'jobs', jobs: [make({ kind: 'latest-file', in: 'thread' })] };
  return { kind: 'usage' };
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** A slash command's fields, checked. */
export interface InboundCommand {
  teamId: string;
  channel: string;
  user: string;
  text: string;
  triggerId: string;
  responseUrl?: string;
}

export type CommandPlan = { kind: 'settings' } | { kind: 'usage' } | { kind: 'job'; job: SlackJob };

const SETTINGS_WORDS = new Set(['settings', 'setting', 'config', 'सेटिंग्स', 'सेटिंग']);
const HELP_WORDS = new Set(['help', '?', 'मदद']);

/**
 * `/simplify [grade] [language] [text]`: the text when given, else the newest file in the
 * channel; `/simplify settings` opens the selects. The trigger_id is unique per invocation, so
 * it names the job (slash commands are not retried by Slack).
 */
export function planCommand(command: InboundCommand, settingsFor: (override: LeadingOptions) => ResolvedSettings, now = Date.now()): CommandPlan {
  const request = parseLeadingOptions(plainTextFromSlack(command.text), { positional: true });
  const word = request.rest.toLowerCase();
  if (SETTINGS_WORDS.has(word)) return { kind: 'settings' };
  if (HELP_WORDS.has(word)) return { kind: 'usage' };
  const settings = settingsFor(request);
  const input: SlackJobPayload['input'] = wordCount(request.rest) > 0 ? { kind: 'text', text: request.rest } : { kind: 'latest-file', in: 'channel' };
  return {
    kind: 'job',
    job: {
      id: `slack:command:${command.teamId}:${command.triggerId}`,
      platform: SLACK_PLATFORM,
      orderingKey: `slack:${command.teamId}:${command.channel}`,
      userKey: slackUserKey(command.teamId, command.user),
      payload: {
        teamId: command.teamId,
        channel: command.channel,
        user: command.user,
        threadTs: null,
        input,
        ...settings,
        ...(command.responseUrl ? { responseUrl: command.responseUrl } : {}),
        source: 'command',
      },
      createdAt: now,
    },
  };
}
