/**
 * Slack sends message text in its own markup: `&`, `<` and `>` as entities, and mentions, channels
 * and links in angle brackets. The pipeline wants what a reader sees, so the markup is turned back
 * into plain words. Hand-written: the markup is small and documented ("Formatting text for app
 * surfaces"), and Bolt ships no decoder.
 */
export function plainTextFromSlack(text: string, options: { dropUser?: string } = {}): string {
  const decoded = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = splitLabel(inner);
    if (target.startsWith('@')) return target.slice(1) === options.dropUser ? ' ' : `@${label ?? 'someone'}`;
    if (target.startsWith('#')) return `#${label ?? 'channel'}`;
    if (target.startsWith('!')) return broadcastWord(target, label);
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    return label ?? target;
  });
  return unescapeEntities(decoded)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** The user ids mentioned in the text, in order. */
export function mentionedUsers(text: string): string[] {
  return [...text.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!);
}

/**
 * Splits a mention message at the first mention of the bot: what follows it is where a teacher
 * writes options ("<@BOT> grade 6 hindi"); what precedes it is kept as text.
 */
export function splitAtMention(text: string, botUserId: string): { before: string; after: string } {
  const pattern = new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`);
  const match = pattern.exec(text);
  if (!match) return { before: '', after: text };
  return { before: text.slice(0, match.index), after: text.slice(match.index + match[0].length) };
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

function broadcastWord(target: string, label: string | undefined): string {
  if (label) return label;
  const word = target.slice(1).split('^')[0] ?? '';
  return ['here', 'channel', 'everyone'].includes(word) ? `@${word}` : '';
}

function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
