import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/log/logger.js';
import { redactSecrets } from '../../src/log/redact-secrets.js';

/**
 * Bolt, its WebClient and the Socket Mode client log through this: every message goes to the
 * service's pino logger as one string with tokens and secrets removed, because Slack SDK errors
 * can carry request data. pino decides the level; setLevel is accepted and ignored.
 */
export function boltLogger(logger: Logger, secrets: ReadonlyArray<string | undefined>): BoltLogger {
  const child = logger.child({ component: 'slack' });
  const line = (parts: unknown[]) => redactSecrets(parts.map(describe).join(' '), secrets);
  return {
    debug: (...msg: unknown[]) => child.isLevelEnabled('debug') && child.debug(line(msg)),
    info: (...msg: unknown[]) => child.info(line(msg)),
    warn: (...msg: unknown[]) => child.warn(line(msg)),
    error: (...msg: unknown[]) => child.error(line(msg)),
    setLevel: () => undefined,
    getLevel: () => (child.isLevelEnabled('debug') ? LogLevel.DEBUG : child.isLevelEnabled('info') ? LogLevel.INFO : LogLevel.WARN),
    setName: () => undefined,
  };
}

/** Error objects become "name: message" only: their enumerable fields can hold request headers. */
export function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
