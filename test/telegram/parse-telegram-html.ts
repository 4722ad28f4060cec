/**
 * Parses a message the way Telegram's parse_mode "HTML" does, strictly: only the tags Telegram
 * supports, properly nested; only the named entities &lt; &gt; &amp; &quot; and numeric ones;
 * every other "<", ">" or "&" is an error, as Telegram's documentation requires. Returns the text
 * the user would see (tags removed, entities decoded), whose length Telegram limits.
 */
const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'blockquote', 'tg-emoji']);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let text = '';
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>/.exec(html.slice(i, i + 300));
      if (!tag) return { error: `Unexpected character "<" at byte offset ${byteOffset(html, i)}` };
      const [whole, closing, name] = tag as unknown as [string, string, string];
      const lower = name.toLowerCase();
      if (!TAGS.has(lower)) return { error: `Unsupported start tag "${lower}" at byte offset ${byteOffset(html, i)}` };
      if (closing) {
        if (open.pop() !== lower) return { error: `Unmatched end tag at byte offset ${byteOffset(html, i)}, expected "</${open.at(-1) ?? ''}>"` };
      } else {
        open.push(lower);
      }
      i += whole.length;
      continue;
    }
    if (ch === '>') return { error: `Unexpected character ">" at byte offset ${byteOffset(html, i)}` };
    if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i, i + 12));
      if (!entity) return { error: `Unsupported entity at byte offset ${byteOffset(html, i)}` };
      const name = entity[1]!;
      text += name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : NAMED[name];
      i += entity[0].length;
      continue;
    }
    text += ch;
    i++;
  }
  if (open.length > 0) return { error: `Can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return { text };
}

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index));
}
