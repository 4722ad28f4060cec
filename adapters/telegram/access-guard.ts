import type { Context, NextFunction } from 'grammy';
import type { Logger } from '../../src/app/logger.js';
import { message } from '../../src/core/messages.js';
import type { DedupeStore } from '../../src/jobs/in-memory-job-queue.js';
import type { AllowList } from './allow-list.js';
import type { BackgroundSends } from './background-sends.js';
import { handleOnce } from '../shared/handle-once.js';
import { RecentIds } from '../shared/recent-ids.js';
import { telegramUiLanguage } from './chat-settings.js';
import { describeError } from './telegram-errors.js';

export interface AccessGuardOptions {
  dedupe: DedupeStore;
  allowList: AllowList;
  background: BackgroundSends;
  logger: Logger;
  /** Kept out of logged errors. */
  token: string;
  /**
   * Throw a failed update on, so the webhook request fails and Telegram delivers it again. With
   * long polling the error is only logged (the offset moves on either way).
   */
  rethrow: boolean;
}

/** A chat refused by the allow-list hears so once a day, not once per message. */
const REFUSAL_EVERY_MS = 24 * 3600_000;
/** Refused chats remembered before the memory starts over. */
const MAX_REFUSED_CHATS = 10_000;

/**
 * The first middleware of every update: drops redeliveries (handleOnce marks an update seen only
 * after it was handled), turns away chats not on the allow-list, and is the one place an update's
 * errors are logged. Updates are handled even while stopping: long polling confirms the batch in
 * hand when it stops, and a webhook request that got past the 503 is still open.
 */
export class AccessGuard {
  private readonly refusedChats = new RecentIds(REFUSAL_EVERY_MS, MAX_REFUSED_CHATS);
  private handled = 0;

  constructor(private readonly options: AccessGuardOptions) {}

  /** Updates that were not redeliveries. */
  get updates(): number {
    return this.handled;
  }

  readonly middleware = async (ctx: Context, next: NextFunction): Promise<void> => {
    const { dedupe, allowList, logger } = this.options;
    const updateId = ctx.update.update_id;
    try {
      const outcome = await handleOnce(dedupe, `telegram:seen:${updateId}`, async () => {
        this.handled += 1;
        const chat = ctx.chat;
        if (chat && !allowList.allows({ chatId: chat.id, chatUsername: chat.username, userId: ctx.from?.id, username: ctx.from?.username })) {
          this.refuse(ctx, chat.id);
        } else if (chat) {
          await next();
        }
      });
      if (outcome === 'duplicate') logger.debug({ updateId }, 'duplicate update ignored');
    } catch (err) {
      logger.error({ updateId, err: describeError(err, this.options.token) }, 'telegram update failed');
      if (this.options.rethrow) throw err;
    }
  };

  private refuse(ctx: Context, chatId: number): void {
    const { background } = this.options;
    const text = message(telegramUiLanguage(ctx.from?.language_code), 'access.denied');
    if (ctx.callbackQuery) {
      background.run(ctx.update.update_id, 'access refusal', () => ctx.answerCallbackQuery({ text }));
      return;
    }
    if (!this.refusedChats.firstTime(String(chatId))) return;
    background.run(ctx.update.update_id, 'access refusal', () => ctx.api.sendMessage(chatId, text));
  }
}
