/**
 * Items that must come back exactly as they went in — e-mail addresses, links, @handles and
 * #tags, amounts, dates, times and every other number — are swapped for `<IDn>` placeholders
 * before the model sees the text, and put back afterwards, as IndicTransToolkit's IndicProcessor
 * does. A model cannot mistranslate what it never sees; it can only drop or garble a placeholder,
 * which restorePlaceholders reports.
 */

const DIGIT = '\\p{Nd}';
const PATTERNS: RegExp[] = [
  // e-mail
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/gu,
  // links with a scheme or www., then bare domains followed by a path
  /\b(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'"]/gu,
  /\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\/[^\s<>"]*[^\s<>".,;:!?)\]'"]/gu,
  // @handles and #tags
  /(?<![\w.@])[@#][A-Za-z0-9_]{2,}/gu,
  // amounts with a currency sign or word
  new RegExp(`(?:₹|Rs\\.?|INR|\\$|US\\$)\\s?${DIGIT}[${DIGIT},]*(?:\\.${DIGIT}+)?(?:/-)?`, 'gu'),
  // dates: 15/08/2024, 2024-08-15, 15.08.24
  new RegExp(`(?<![${DIGIT}])${DIGIT}{1,4}[/.-]${DIGIT}{1,2}[/.-]${DIGIT}{1,4}(?![${DIGIT}])`, 'gu'),
  // times: 9:30, 09:30:15, 9:30 am
  new RegExp(`(?<![${DIGIT}])${DIGIT}{1,2}:${DIGIT}{2}(?::${DIGIT}{2})?(?:\\s?[AaPp]\\.?[Mm]\\.?(?![A-Za-z]))?`, 'gu'),
  // any other number, with thousands separators, decimals, a per cent sign
  new RegExp(`${DIGIT}[${DIGIT},]*(?:\\.${DIGIT}+)?%?`, 'gu'),
];

/** How "<ID3>" may come back: bracket variants and the word written in Devanagari, as IndicProcessor lists them. */
const RESTORE = /[<[]\s*(?:ID|आईडी|आयडी|आई\s?\.?\s?डी\s?\.?|आय\s?\.?\s?डी\s?\.?)\s*(\d{1,3})\s*[>\]]/gu;

const PRIVATE_USE = 0xf0000;

export interface Protected {
  text: string;
  /** Placeholder number -> the original item. */
  items: Map<number, string>;
}

/** Swaps the protected items of one piece of text for numbered placeholders. */
export function protectItems(text: string): Protected {
  const items = new Map<number, string>();
  // Drop any such characters the sender typed: they are this function's own markers.
  let out = text.replace(/[\u{F0000}-\u{FFFFD}]/gu, '');
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match) => {
      const id = items.size + 1;
      items.set(id, match);
      // A private-use character with no digit in it, so a later pattern (numbers) cannot match
      // inside an earlier placeholder; it becomes <IDn> once every pattern has run.
      return String.fromCodePoint(PRIVATE_USE + id);
    });
  }
  return { text: out.replace(/[\u{F0000}-\u{FFFFD}]/gu, (ch) => `<ID${ch.codePointAt(0)! - PRIVATE_USE}>`), items };
}

/**
 * Puts the originals back. `missing` lists items the model dropped; `unknown` placeholders it
 * invented (removed from the text).
 */
export function restorePlaceholders(text: string, items: ReadonlyMap<number, string>): { text: string; missing: string[]; unknown: number } {
  const seen = new Set<number>();
  let unknown = 0;
  const restored = text.replace(RESTORE, (_match, id: string) => {
    const original = items.get(Number(id));
    if (original === undefined) {
      unknown++;
      return '';
    }
    seen.add(Number(id));
    return original;
  });
  const missing = [...items].filter(([id]) => !seen.has(id)).map(([, original]) => original);
  return { text: restored.replace(/ {2,}/gu, ' ').trim(), missing, unknown };
}
