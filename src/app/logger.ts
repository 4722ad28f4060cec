import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths that may hold secrets anywhere in a logged object; pino replaces them before writing.
 * Tokens also hide inside URLs (Telegram puts the bot token in the path), so callers log
 * URLs through redactUrl.
 */
const REDACT_PATHS = ['token', '*.token', 'accessToken', '*.accessToken', 'botToken', '*.botToken', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'signingSecret', '*.signingSecret', 'secret', '*.secret'];

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'shikshasetu' } }, destination as pino.DestinationStream);
}

/** Removes anything that looks like a bot token or key from a URL or message before it is logged. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text.replace(/bot\d+:[A-Za-z0-9_-]{20,}/g, 'bot[redacted]').replace(/xox[abprs]-[A-Za-z0-9-]+/g, 'xox[redacted]').replace(/\bEAA[A-Za-z0-9]{20,}/g, 'EAA[redacted]');
  for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out;
}
