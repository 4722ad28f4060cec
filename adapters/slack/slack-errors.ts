import { redactSecrets } from '../../src/log/redact-secrets.js';

export type SlackAccessProblem =
  /** The app lacks a scope; `scope` names the one to add. */
  | 'missing-scope'
  /** The bot cannot post where it was asked (not invited, or a DM between other people). */
  | 'not-in-channel'
  /** The file is gone, external (a link to another drive) or hidden from the bot. */
  | 'file-unavailable';

/**
 * Something about the Slack installation, not the teacher's input and not a passing fault:
 * retrying cannot help, so the job tells the teacher what to do and stops.
 */
export class SlackAccessError extends Error {
  readonly kind = 'slack-access' as const;
  constructor(
    readonly problem: SlackAccessProblem,
    detail: string,
    /** The scope to add, for 'missing-scope'. */
    readonly scope?: string,
  ) {
    super(detail);
    this.name = 'SlackAccessError';
  }
}

export function isSlackAccessError(err: unknown): err is SlackAccessError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'slack-access';
}

/** The `error` string of a Web API platform error ("missing_scope", "not_in_channel"...), else null. */
export function slackPlatformError(err: unknown): { error: string; needed?: string } | null {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== 'slack_webapi_platform_error') return null;
  const data = (err as { data?: { error?: unknown; needed?: unknown } }).data;
  if (typeof data?.error !== 'string') return null;
  return { error: data.error, ...(typeof data.needed === 'string' ? { needed: data.needed } : {}) };
}

/** Maps the platform errors a teacher can fix to SlackAccessError; anything else is returned as is. */
export function classifySlackError(err: unknown): unknown {
  const platform = slackPlatformError(err);
  if (!platform) return err;
  switch (platform.error) {
    case 'missing_scope':
      return new SlackAccessError('missing-scope', `missing scope ${platform.needed ?? '?'}`, platform.needed?.split(',')[0]);
    case 'not_in_channel':
    case 'channel_not_found':
    case 'is_archived':
      return new SlackAccessError('not-in-channel', platform.error);
    case 'file_not_found':
    case 'file_deleted':
      return new SlackAccessError('file-unavailable', platform.error);
    default:
      return err;
  }
}

/** One log-safe line for any error: "name: message", with tokens and secrets removed. */
export function safeErrorText(err: unknown, secrets: ReadonlyArray<string | undefined>): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return redactSecrets(text, secrets).slice(0, 500);
}
