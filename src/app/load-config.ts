import { SETTINGS, type Config, type SettingKey } from '../../config/settings.js';

/** Start-up stops with this: one message naming every bad setting, never a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment once and validates every setting against config/settings.ts.
 * An empty variable counts as unset.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as Array<[SettingKey, (typeof SETTINGS)[SettingKey]]>) {
    const raw = env[spec.env];
    if (raw === undefined || raw === '') {
      config[key] = spec.default;
      continue;
    }
    const parsed = (spec.schema as import('zod').ZodType).safeParse(raw);
    if (parsed.success) {
      config[key] = parsed.data;
    } else {
      const shown = 'secret' in spec && spec.secret ? '(hidden)' : JSON.stringify(raw);
      problems.push(`${spec.env}=${shown}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
  }
  if (problems.length === 0) problems.push(...crossCheck(config as Config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config as Config;
}

/** Settings that are each valid but do not work together. */
function crossCheck(config: Config): string[] {
  const problems: string[] = [];
  if (config.telegramWebhookUrl && !config.telegramWebhookSecret) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set, so that forged updates are refused');
  }
  if (config.telegramWebhookUrl && !config.telegramWebhookUrl.startsWith('https://')) {
    problems.push('TELEGRAM_WEBHOOK_URL: Telegram only delivers webhooks to https:// URLs');
  }
  if (config.slackBotToken && !config.slackSigningSecret && !config.slackAppToken) {
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  const whatsapp: Array<[string, string]> = [
    ['WHATSAPP_ACCESS_TOKEN', config.whatsappAccessToken],
    ['WHATSAPP_PHONE_NUMBER_ID', config.whatsappPhoneNumberId],
    ['WHATSAPP_APP_SECRET', config.whatsappAppSecret],
    ['WHATSAPP_VERIFY_TOKEN', config.whatsappVerifyToken],
  ];
  const missing = whatsapp.filter(([, value]) => !value).map(([name]) => name);
  // Half a WhatsApp set-up is refused: without the app secret, forged webhooks could not be told apart.
  if (missing.length > 0 && missing.length < whatsapp.length) problems.push(`${missing.join(', ')}: required with the other WHATSAPP_ settings (the adapter needs all four)`);
  if (!config.slackApiUrl.endsWith('/api/')) problems.push('SLACK_API_URL: must end in /api/');
  return problems;
}
