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

const LEVELS: Array<{ split: RegExp; join: string }> = [
  { split: /\n{2,}/, join: '\n\n' },
  { split: /\n/, join: '\n' },
  // After sentence-ending marks of the supported scripts (., ?, !, danda, Urdu full stop).
  { split: /(?<=[.?!।॥۔؟])\s+/u, join: ' ' },
  { split: /\s+/, join: ' ' },
];

/**
 * Cuts text into pieces whose escaped form fits maxChars: at paragraphs first, then lines,
 * sentences and words; a single overlong word is cut between code points. Returns raw text.
 */
export function splitForSlack(text: string, maxChars: number = SLACK_PART_CHARS): string[] {
  if (maxChars < 16) throw new RangeError('maxChars must be at least 16');
  return split(text.trim(), maxChars, 0).filter((p) => p.trim().length > 0);
}

/** Length after escaping; additive over pieces joined by whitespace, so it is computed once per piece. */
function cost(text: string): number {
  return escapeMrkdwn(text).length;
}

function split(text: string, maxChars: number, level: number): string[] {
  if (cost(text) <= maxChars) return [text];
  const rule = LEVELS[level];
  if (!rule) return cutCodePoints(text, maxChars);
  const pieces = text.split(rule.split).filter((p) => p.length > 0);
  if (pieces.length <= 1) return split(text, maxChars, level + 1);
  const parts: string[] = [];
  let current = '';
  let currentCost = 0;
  for (const piece of pieces.flatMap((p) => (cost(p) <= maxChars ? [p] : split(p, maxChars, level + 1)))) {
    const pieceCost = cost(piece);
    if (current && currentCost + rule.join.length + pieceCost <= maxChars) {
      current += rule.join + piece;
      currentCost += rule.join.length + pieceCost;
    } else {
      if (current) parts.push(current);
      current = piece;
      currentCost = pieceCost;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** A word longer than a message: cut between code points, counting each one's escaped length. */
function cutCodePoints(text: string, maxChars: number): string[] {
  const parts: string[] = [];
  let current = '';
  let currentCost = 0;
  for (const ch of text) {
    // '@' may gain a word joiner; counting it as two keeps the bound safe.
    const chCost = ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch === '@' ? 2 : ch.length;
    if (currentCost + chCost > maxChars) {
      parts.push(current);
      current = '';
      currentCost = 0;
    }
    current += ch;
    currentCost += chCost;
  }
  if (current) parts.push(current);
  return parts;
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
  const last = parts.at(-1);
  if (last !== undefined && last.length + 2 + footerLine.length <= maxChars) {
    parts[parts.length - 1] = `${last}\n\n${footerLine}`;
  } else if (footerLine.length <= maxChars) {
    parts.push(footerLine);
  } else {
    parts.push(...splitForSlack(footerText, maxChars - FOOTER_MARK.length).map((p) => FOOTER_MARK + escapeMrkdwn(p)));
  }
  return parts;
}
