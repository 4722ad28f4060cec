import { appendFooter, splitMessage } from '../shared/split-message.js';

/**
 * Slack's mrkdwn turns `<!channel>`, `<@U123>` and `<https://x|label>` into pings and disguised
 * links, so document text must never reach a message as markup. Per Slack's "Escaping text"
 * rules only `&`, `<` and `>` need entities; bare `@here`-style words are also broken with an
 * invisible word joiner in case a workspace or a future flag links names.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/**
 * Slack shows up to 4,000 characters of a message's text well (longer text is truncated or
 * collapsed), so replies are cut below that. Defaults to 3,500, leaving room for the footer.
 */
export const SLACK_PART_CHARS = 3500;

/**
 * Cuts text into pieces whose escaped form fits maxChars (see splitMessage). Returns raw text.
 */
export function splitForSlack(text: string, maxChars: number = SLACK_PART_CHARS): string[] {
  return splitMessage(text, maxChars, escapedCost);
}

/** Length after escapeMrkdwn, counting every '@' as two (it may gain a word joiner) so that the cost adds up over pieces. */
function escapedCost(text: string): number {
  let cost = text.length;
  for (const ch of text) if (ch === '&') cost += 4;
  else if (ch === '<' || ch === '>') cost += 3;
  else if (ch === '@') cost += 1;
  return cost;
}

const FOOTER_MARK = ':information_source: ';

/**
 * The reply as Slack messages: the body escaped and split, and the footer (served path and
 * caveats, one line) set apart at the end of the last message, or on its own when it does not fit.
 */
export function renderSlackReply(body: string, footer: string, maxChars: number = SLACK_PART_CHARS): string[] {
  const parts = splitForSlack(body, maxChars).map(escapeMrkdwn);
  const footerText = footer.trim().replace(/\s+/g, ' ');
  if (!footerText) return parts;
  const footerLine = `${FOOTER_MARK}${escapeMrkdwn(footerText)}`;
  if (footerLine.length <= maxChars) return appendFooter(parts, footerLine, maxChars);
  return [...parts, ...splitForSlack(footerText, maxChars - FOOTER_MARK.length).map((p) => FOOTER_MARK + escapeMrkdwn(p))];
}
