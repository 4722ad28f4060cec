import type { ServiceRuntime } from '../src/app/service-runtime.js';
import type { ChatAdapter } from './chat-adapter.js';
import { createSlackAdapter } from './slack/slack-adapter.js';
import { createTelegramAdapter } from './telegram/telegram-adapter.js';
import { createWhatsAppAdapter } from './whatsapp/whatsapp-adapter.js';

/** The chat adapters whose settings are present; `serve` starts each of them. */
export function createConfiguredAdapters(runtime: ServiceRuntime): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  if (runtime.config.telegramBotToken) adapters.push(createTelegramAdapter(runtime));
  if (runtime.config.slackBotToken) adapters.push(createSlackAdapter(runtime));
  // load-config refuses a partial WhatsApp set-up, so the token stands for all four settings.
  if (runtime.config.whatsappAccessToken) adapters.push(createWhatsAppAdapter(runtime));
  return adapters;
}
