/** Who sent an update, as far as the allow-list cares. */
export interface ChatIdentity {
  chatId: number;
  chatUsername?: string;
  userId?: number;
  username?: string;
}

/**
 * TELEGRAM_ALLOWED_CHATS: comma-separated chat ids ("12345", "-1001234567890") and @usernames.
 * Empty allows everyone. A chat is allowed when its id or username is listed, or when the person
 * writing is (so a listed teacher may use the bot in any group). Usernames compare without the
 * "@" and case-insensitively, as Telegram treats them.
 */
export class AllowList {
  private readonly ids = new Set<number>();
  private readonly usernames = new Set<string>();
  /** Entries that were neither an id nor a username; the adapter logs them at start. */
  readonly invalid: string[] = [];

  constructor(spec: string) {
    for (const raw of spec.split(/[,\s]+/)) {
      const entry = raw.trim();
      if (!entry) continue;
      if (/^-?\d{1,20}$/.test(entry)) this.ids.add(Number(entry));
      else if (/^@?[A-Za-z][A-Za-z0-9_]{4,31}$/.test(entry)) this.usernames.add(entry.replace(/^@/, '').toLowerCase());
      else this.invalid.push(entry);
    }
  }

  get enabled(): boolean {
    return this.ids.size > 0 || this.usernames.size > 0 || this.invalid.length > 0;
  }

  allows(who: ChatIdentity): boolean {
    if (!this.enabled) return true;
    if (this.ids.has(who.chatId) || (who.userId !== undefined && this.ids.has(who.userId))) return true;
    const names = [who.chatUsername, who.username].filter((n): n is string => typeof n === 'string');
    return names.some((n) => this.usernames.has(n.toLowerCase()));
  }
}
