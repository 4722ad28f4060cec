import type { ServiceRuntime } from '../src/app/service-runtime.js';
import type { ChatAdapter } from './chat-adapter.js';
import { createSlackAdapter } from './slack/slack-adapter.js';
import { createTelegramAdapter } from './telegram/telegram-adapter.js';

/** The chat adapters whose settings are present; `serve` starts each of them. */
export function createConfiguredAdapters(runtime: ServiceRuntime): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  if (runtime.config.telegramBotToken) adapters.push(createTelegramAdapter(runtime));
  if (runtime.config.slackBotToken) adapters.push(createSlackAdapter(runtime));
  return adapters;
}
