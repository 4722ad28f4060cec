import { webhookCallback, type Bot } from 'grammy';
import express, { type Router } from 'express';
import { sameSecret } from '../shared/same-secret.js';

export interface WebhookRouteOptions {
  /** TELEGRAM_WEBHOOK_URL: its path is where the router is mounted. */
  url: string;
  /** TELEGRAM_WEBHOOK_SECRET, which Telegram sends back in X-Telegram-Bot-Api-Secret-Token. */
  secret: string;
  /** True once the adapter is stopping: Telegram is then told to come back later. */
  isStopping: () => boolean;
}

/**
 * The webhook's express route: the secret header is checked in constant time before the body is
 * parsed, so a forged request costs nothing and starts nothing; then grammY handles the update.
 */
export function telegramWebhookRoute(bot: Bot, options: WebhookRouteOptions): { path: string; router: Router } {
  const path = new URL(options.url).pathname || '/';
  const callback = webhookCallback(bot, 'express', { secretToken: options.secret, onTimeout: 'throw', timeoutMilliseconds: 10_000 });
  const router = express.Router();
  router.post(
    '/',
    (req, res, next) => {
      if (!sameSecret(req.header('x-telegram-bot-api-secret-token'), options.secret)) {
        res.status(401).json({ error: 'unauthorized' });
        return;
      }
      // While stopping, Telegram is told to come back later rather than the update being dropped.
      if (options.isStopping()) {
        res.status(503).json({ error: 'stopping' });
        return;
      }
      next();
    },
    express.json({ limit: '1mb' }),
    async (req, res) => {
      await callback(req, res);
    },
  );
  return { path, router };
}
