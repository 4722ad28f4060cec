import type { ServiceRuntime } from '../src/app/service-runtime.js';
import type { ChatAdapter } from './chat-adapter.js';

/** The chat adapters whose settings are present; `serve` starts each of them. */
export function createConfiguredAdapters(_runtime: ServiceRuntime): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  return adapters;
}
