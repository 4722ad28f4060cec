import { redactSecrets } from '../../src/log/redact-secrets.js';

/** The fields of a Bot API error reply that decisions are made on (grammY's GrammyError has them). */
interface BotApiErrorShape {
  error_code: number;
  description: string;
  method?: string;
}

/** Checked by shape, not instanceof, so an error from another copy of grammY still matches. */
export function isBotApiError(err: unknown): err is BotApiErrorShape {
  return typeof err === 'object' && err !== null && typeof (err as BotApiErrorShape).error_code === 'number' && typeof (err as BotApiErrorShape).description === 'string';
}

/**
 * The chat can no longer be written to: the user blocked the bot (403), deleted their account, or
 * the bot left the group. Retrying cannot help and nobody is there to apologise to.
 */
export function isChatGone(err: unknown): boolean {
  if (!isBotApiError(err)) return false;
  if (err.error_code === 403) return true;
  return err.error_code === 400 && /chat not found|user is deactivated|peer_id_invalid|not enough rights to send|have no rights to send/i.test(err.description);
}

/** Editing a message to the text it already has: harmless, Telegram just says so. */
export function isNotModified(err: unknown): boolean {
  return isBotApiError(err) && err.error_code === 400 && /message is not modified/i.test(err.description);
}

/**
 * A one-line description for the logs, with the bot token removed. grammY's errors carry the
 * request payload (user text) and the inner fetch error (the URL, with the token): neither is
 * logged, only the method, Telegram's code and its description.
 */
export function describeError(err: unknown, token: string): string {
  let text: string;
  if (isBotApiError(err)) text = `${err.method ?? 'call'} failed: ${err.error_code} ${err.description}`;
  else if (err instanceof Error) text = `${err.name}: ${err.message}`;
  else text = String(err);
  return redactSecrets(text, [token]).slice(0, 500);
}
