import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths that may hold secrets anywhere in a logged object; pino replaces them before writing.
 * Tokens also hide inside URLs and messages (Telegram puts the bot token in the path), so callers
 * pass those through redactSecrets.
 */
const REDACT_PATHS = ['token', '*.token', 'accessToken', '*.accessToken', 'botToken', '*.botToken', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'signingSecret', '*.signingSecret', 'secret', '*.secret'];

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'shikshasetu' } }, destination as pino.DestinationStream);
}
