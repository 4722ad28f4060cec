/** How long a piece of text will be once the platform's escaping is applied. Must be additive over concatenation (or over-count). */
export type MessageCost = (text: string) => number;

type Splitter = (text: string) => string[];

// Each level keeps its separators attached to the pieces, so joining the pieces gives the text back.
const LEVELS: Splitter[] = [
  (text) => text.split(/(?<=\n[ \t]*\n)/),
  (text) => text.split(/(?<=\n)/),
  (text) => segments(text, 'sentence'),
  (text) => text.split(/(?<=\s)/),
  (text) => segments(text, 'grapheme'),
];

/**
 * Cuts a reply into messages whose cost (its length after the platform's escaping) is at most
 * maxChars: at paragraphs first, then lines, then sentences (Intl.Segmenter, which knows the
 * danda and the Urdu full stop), then words; a single "word" longer than a message is cut
 * between graphemes, never inside a surrogate pair or a combining sequence. Returns the raw
 * (unescaped) parts, trimmed, none empty; the caller escapes each.
 *
 * @param cost Defaults to the plain length (a platform that escapes nothing).
 */
export function splitMessage(text: string, maxChars: number, cost: MessageCost = (t) => t.length): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 16) throw new RangeError('maxChars must be an integer of at least 16');
  return splitAtLevel(text, maxChars, cost, 0)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * Sets the footer (one line, already escaped) apart at the end of the last part when it fits
 * there, else as a part of its own. The caller keeps the footer within maxChars.
 */
export function appendFooter(parts: readonly string[], footer: string, maxChars: number): string[] {
  const out = [...parts];
  if (!footer) return out;
  const last = out.at(-1);
  if (last !== undefined && last.length + 2 + footer.length <= maxChars) out[out.length - 1] = `${last}\n\n${footer}`;
  else out.push(footer);
  return out;
}

function segments(text: string, granularity: 'sentence' | 'grapheme'): string[] {
  return Array.from(new Intl.Segmenter(undefined, { granularity }).segment(text), (s) => s.segment);
}

function splitAtLevel(text: string, limit: number, cost: MessageCost, level: number): string[] {
  if (cost(text) <= limit) return [text];
  const splitter = LEVELS[level];
  // Past the last level every piece is one grapheme; a grapheme longer than a message cannot occur.
  if (!splitter) return [text];
  const chunks: string[] = [];
  let current = '';
  let currentCost = 0;
  for (const piece of splitter(text)) {
    const pieceCost = cost(piece);
    if (currentCost + pieceCost <= limit) {
      current += piece;
      currentCost += pieceCost;
      continue;
    }
    if (current) chunks.push(current);
    current = '';
    currentCost = 0;
    if (pieceCost <= limit) {
      current = piece;
      currentCost = pieceCost;
    } else {
      const sub = splitAtLevel(piece, limit, cost, level + 1);
      chunks.push(...sub.slice(0, -1));
      current = sub.at(-1) ?? '';
      currentCost = cost(current);
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
