/**
 * What the Slack app must be configured with; manifest.yml lists the same, and a test keeps the
 * two equal so the manifest never lacks what the code uses.
 */
export const SLASH_COMMAND = '/simplify';

/** Path of every Slack HTTP request (events, the slash command, interactivity). */
export const SLACK_EVENTS_PATH = '/slack/events';

export const BOT_EVENTS = ['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im', 'message.mpim'] as const;

export const BOT_SCOPES = [
  // app_mention events.
  'app_mentions:read',
  // message.* events, and finding the newest file for "/simplify" and bare mentions in threads.
  'channels:history',
  'groups:history',
  'im:history',
  'mpim:history',
  // Progress, replies, notices.
  'chat:write',
  // The slash command.
  'commands',
  // Downloading shared files (without it Slack serves its sign-in page) and files.info.
  'files:read',
  // Uploading the voice note.
  'files:write',
  // users.info with include_locale: each user's Slack language is the conversation's app language.
  'users:read',
] as const;
