import type { ServiceRuntime } from '../src/app/service-runtime.js';
import type { ChatAdapter } from './chat-adapter.js';

/**
 * The chat adapters whose settings are present; `serve` starts each of them. Each platform's
 * module is imported only when it is configured: its SDK (@slack/bolt, grammy) costs 20-50 MB
 * of resident memory once loaded, which a service that does not use the platform need not pay.
 */
export async function createConfiguredAdapters(runtime: ServiceRuntime): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  if (runtime.config.telegramBotToken) {
    const { createTelegramAdapter } = await import('./telegram/telegram-adapter.js');
    adapters.push(createTelegramAdapter(runtime));
  }
  if (runtime.config.slackBotToken) {
    const { createSlackAdapter } = await import('./slack/slack-adapter.js');
    adapters.push(createSlackAdapter(runtime));
  }
  // load-config refuses a partial WhatsApp set-up, so the token stands for all four settings.
  if (runtime.config.whatsappAccessToken) {
    const { createWhatsAppAdapter } = await import('./whatsapp/whatsapp-adapter.js');
    adapters.push(createWhatsAppAdapter(runtime));
  }
  return adapters;
}
