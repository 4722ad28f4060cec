import type { App } from '@slack/bolt';
import { detectSmallTalk, SMALL_TALK_REPLY } from '../../src/conversation/small-talk.js';
import { message } from '../../src/core/messages.js';
import { mentionsBot, planCommand, planMessage, readInboundMessage, readRequest, type InboundMessage } from './slack-event-jobs.js';
import type { SlackIntake } from './slack-intake.js';
import { SLASH_COMMAND } from './slack-app-spec.js';
import type { SlackSettings } from './slack-settings.js';
import { settingsBlocks } from './slack-settings-ui.js';
import type { SlackThreadMemory } from './slack-thread-memory.js';

export interface SlackListenerDeps {
  intake: SlackIntake;
  settings: SlackSettings;
  threads: SlackThreadMemory;
  /** Tells a user something privately in the conversation, after the acknowledgement. */
  notify: (target: { channel: string; user: string; threadTs: string | null }, text: string) => void;
}

/**
 * The listeners only accept: they read the event, resolve the user's settings, turn it into jobs
 * and hand them to intake. Downloads, the pipeline and replies happen in the job handler.
 * Bolt's ignoreSelf drops the bot's own messages; readInboundMessage drops other bots', edits and
 * joins.
 */
export function registerSlackListeners(app: App, deps: SlackListenerDeps): void {
  app.event('message', async ({ event, body, context }) => {
    const bot = context.botUserId;
    const msg = readInboundMessage(event, body.team_id);
    if (!msg || !bot || msg.user === bot) return;
    if (msg.channelType === 'im') return accept(msg, 'dm', bot, deps);
    // The same message also arrives as app_mention; both map to one job id, so either may win.
    if (mentionsBot(msg, bot)) return accept(msg, 'mention', bot, deps);
    if (msg.threadTs && msg.files.length > 0 && (await deps.threads.has(msg.teamId, msg.channel, msg.threadTs))) return accept(msg, 'thread', bot, deps);
  });

  app.event('app_mention', async ({ event, body, context }) => {
    const bot = context.botUserId;
    const msg = readInboundMessage(event, body.team_id);
    // A direct message arrives as message.im.
    if (!msg || !bot || msg.user === bot || msg.channel.startsWith('D')) return;
    return accept(msg, 'mention', bot, deps);
  });

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    const { stored, locale } = await deps.settings.loadWithLocale(command.team_id, command.user_id);
    const ui = deps.settings.resolve(stored, {}, undefined, locale).uiLanguage;
    const plan = planCommand(
      { teamId: command.team_id, channel: command.channel_id, user: command.user_id, text: command.text ?? '', triggerId: command.trigger_id, responseUrl: command.response_url },
      (override) => deps.settings.resolve(stored, override, undefined, locale),
    );
    if (plan.kind === 'settings') {
      await ack({ response_type: 'ephemeral', text: message(ui, 'slack.settings-intro'), blocks: settingsBlocks(stored, deps.settings.resolve(stored, {}, undefined, locale)) });
      return;
    }
    if (plan.kind === 'usage') {
      await ack({ response_type: 'ephemeral', text: message(ui, 'slack.usage') });
      return;
    }
    const outcome = await deps.intake.accept(plan.job, { notify: false });
    const reply = outcome === 'accepted' ? 'slack.command-accepted' : outcome === 'limited' ? 'limit.slow-down' : outcome === 'busy' ? 'error.busy' : null;
    await ack(reply ? { response_type: 'ephemeral', text: message(ui, reply) } : undefined);
  });
}

async function accept(msg: InboundMessage, source: 'dm' | 'mention' | 'thread', bot: string, deps: SlackListenerDeps): Promise<void> {
  const request = readRequest(msg, bot, source === 'mention');
  const { stored, locale } = await deps.settings.loadWithLocale(msg.teamId, msg.user);
  const settings = deps.settings.resolve(stored, request, request.rest, locale);
  // "hello", "thanks", "what is photosynthesis?" with no file: one friendly sentence, no job.
  const smallTalk = msg.files.length === 0 ? detectSmallTalk(request.rest) : null;
  if (smallTalk) {
    if (deps.intake.firstTime(`slack:small-talk:${msg.teamId}:${msg.channel}:${msg.ts}`)) {
      deps.notify({ channel: msg.channel, user: msg.user, threadTs: msg.threadTs ?? null }, message(settings.uiLanguage, SMALL_TALK_REPLY[smallTalk]));
    }
    return;
  }
  const plan = planMessage(msg, request, settings, source);
  if (plan.kind === 'usage') {
    // Once per message, though it may arrive as two events.
    if (deps.intake.firstTime(`slack:usage:${msg.teamId}:${msg.channel}:${msg.ts}`)) {
      deps.notify({ channel: msg.channel, user: msg.user, threadTs: msg.threadTs ?? null }, message(settings.uiLanguage, 'slack.usage'));
    }
    return;
  }
  for (const job of plan.jobs) await deps.intake.accept(job);
}
