import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BOT_EVENTS, BOT_SCOPES, SLACK_EVENTS_PATH, SLASH_COMMAND } from '../../adapters/slack/slack-app-spec.js';
import { FILES_READ_SCOPE } from '../../adapters/slack/slack-file-fetcher.js';

interface Manifest {
  display_information: { name: string; description: string; long_description: string };
  features: { app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean }; bot_user: { display_name: string }; slash_commands: Array<{ command: string; url: string; description: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(fileURLToPath(new URL('../../adapters/slack/manifest.yml', import.meta.url)), 'utf8')) as Manifest;

describe('adapters/slack/manifest.yml', () => {
  it('has every scope, event and the slash command the adapter uses, and nothing else', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.oauth_config.scopes.bot).toContain(FILES_READ_SCOPE);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
  });

  it('sends events, the command and interactivity to the one path the receiver serves', () => {
    const urls = [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0]!.url];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('enables the Home tab (settings) and direct messages, and meets Slack\'s field limits', () => {
    expect(manifest.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.features.slash_commands[0]!.description.length).toBeLessThanOrEqual(100);
    expect(manifest.features.bot_user.display_name).toBe('ShikshaSetu');
  });
});
