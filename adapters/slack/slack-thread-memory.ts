import type Keyv from 'keyv';

/** How long the bot keeps answering files dropped into a thread it replied in. Defaults to 30 days. */
export const THREAD_MEMORY_TTL_MS = 30 * 24 * 3600_000;

/**
 * The threads the bot answered in. A file shared in such a thread is a request even without a
 * mention; in any other thread it is people talking to each other. Kept in a store, not asked
 * of Slack (conversations.replies) per event, so the acknowledgement stays fast.
 */
export class SlackThreadMemory {
  constructor(
    private readonly store: Keyv<boolean>,
    private readonly ttlMs: number = THREAD_MEMORY_TTL_MS,
  ) {}

  async remember(teamId: string, channel: string, threadTs: string): Promise<void> {
    await this.store.set(key(teamId, channel, threadTs), true, this.ttlMs);
  }

  async has(teamId: string, channel: string, threadTs: string): Promise<boolean> {
    return (await this.store.get(key(teamId, channel, threadTs))) === true;
  }
}

function key(teamId: string, channel: string, threadTs: string): string {
  return `${teamId}:${channel}:${threadTs}`;
}
