/** One run of text as pdf.js reports it (a TextItem), reduced to what layout needs. */
export interface PositionedText {
  str: string;
  /** [a, b, c, d, e, f]: e/f are the run's origin in PDF space (y grows upwards). */
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

/** A gap this many times the page's usual line spacing starts a new paragraph. */
const PARAGRAPH_GAP = 1.5;

/**
 * Turns a page's text runs into paragraphs: runs join into lines (pdf.js marks line ends with
 * hasEOL; a jump in baseline also ends one), lines join into paragraphs separated by a blank line
 * where the vertical gap is clearly larger than the page's usual line spacing, and words
 * hyphenated across a line break are joined again.
 */
export function assemblePageText(items: readonly PositionedText[]): string {
  const lines = toLines(items);
  if (lines.length === 0) return '';
  const spacing = usualLineSpacing(lines);
  const paragraphs: string[][] = [[]];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const previous = lines[i - 1];
    if (previous) {
      const gap = previous.y - line.y;
      const expected = spacing ?? previous.size * 1.2;
      // Upwards (a new column or a text box) or a clearly larger step down: a new paragraph.
      if (gap < -0.5 * line.size || gap > expected * PARAGRAPH_GAP) paragraphs.push([]);
    }
    paragraphs[paragraphs.length - 1]!.push(line.text);
  }
  return paragraphs
    .map(joinLines)
    .filter((p) => p.length > 0)
    .join('\n\n');
}

function toLines(items: readonly PositionedText[]): Line[] {
  const lines: Line[] = [];
  let text = '';
  let y = 0;
  let size = 0;
  let lastEnd: number | null = null;
  const close = (): void => {
    const clean = text.replace(/[ \t\u00A0]+/g, ' ').trim();
    if (clean) lines.push({ text: clean, y, size });
    text = '';
    lastEnd = null;
  };
  for (const item of items) {
    const itemY = item.transform[5] ?? 0;
    const itemX = item.transform[4] ?? 0;
    const itemSize = Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || item.height || 10;
    if (item.str.length > 0) {
      if (text && Math.abs(itemY - y) > 0.5 * Math.max(size, itemSize)) close();
      if (!text) {
        y = itemY;
        size = itemSize;
      } else if (lastEnd !== null && itemX - lastEnd > 0.15 * itemSize && !/\s$/.test(text) && !/^\s/.test(item.str)) {
        // Runs placed apart without a space character between them are separate words.
        text += ' ';
      }
      text += item.str;
      lastEnd = itemX + item.width;
    }
    if (item.hasEOL) close();
  }
  close();
  return lines;
}

/** The median step between consecutive lines going down the page, or null with too few lines. */
function usualLineSpacing(lines: Line[]): number | null {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i - 1]!.y - lines[i]!.y;
    if (gap > 0.5 * lines[i]!.size) gaps.push(gap);
  }
  if (gaps.length < 2) return null;
  gaps.sort((a, b) => a - b);
  // The lower median: paragraph gaps are the minority and must not become the norm.
  return gaps[Math.floor((gaps.length - 1) / 2)]!;
}

function joinLines(lines: string[]): string {
  let out = '';
  for (const line of lines) {
    if (!out) {
      out = line;
    } else if (/\p{L}[-\u2010\u00AD]$/u.test(out) && /^\p{Ll}/u.test(line)) {
      out = out.slice(0, -1) + line; // "photo-" + "synthesis"
    } else {
      out += ` ${line}`;
    }
  }
  return out;
}
