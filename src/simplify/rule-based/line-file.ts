import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A text file of newline-ended lines read in place, with positional reads on an open descriptor,
 * so that none of it is held in memory: lines at a byte offset, and, where the file is sorted,
 * the lines that start with a prefix, found by bisecting the bytes (the way WordNet's own
 * library searches its index files). Lines are read as latin1: one character per byte.
 */
export class LineFile {
  private opened: { fd: number; size: number; start: number } | undefined;

  /** @param path the file. It is opened on first use and closed when this object is collected. */
  constructor(private readonly path: string) {}

  /** The line that starts at the byte offset, without its newline; '' at or past the end. */
  lineAt(offset: number): string {
    const { fd, size } = this.open();
    let length = Math.min(LINE_GUESS, Math.max(0, size - offset));
    for (;;) {
      const bytes = this.read(fd, offset, length);
      const end = bytes.indexOf(0x0a);
      if (end >= 0 || offset + length >= size) return bytes.toString('latin1', 0, end >= 0 ? end : bytes.length);
      length = Math.min(length * 2, size - offset);
    }
  }

  /**
   * Every line that starts with the prefix, in file order. The lines after the header (lines
   * that start with a space, such as WordNet's licence) must be sorted by their bytes.
   */
  sortedLinesStartingWith(prefix: string): string[] {
    const { fd, size } = this.open();
    const target = Buffer.from(prefix, 'latin1');
    const lines: string[] = [];
    // The matching lines follow one another; one read holds them all for most prefixes.
    let from = this.firstLineNotBelow(target);
    while (from < size) {
      const block = this.read(fd, from, BLOCK_BYTES).toString('latin1');
      let at = 0;
      for (;;) {
        const end = block.indexOf('\n', at);
        // The block ends inside this line (or the file ends without a newline): read on from it.
        if (end < 0 && from + block.length < size) break;
        const line = block.slice(at, end < 0 ? block.length : end);
        if (!line.startsWith(prefix)) return lines;
        lines.push(line);
        if (end < 0) return lines;
        at = end + 1;
      }
      if (at === 0) return [...lines, ...this.longLinesFrom(from, prefix)];
      from += at;
    }
    return lines;
  }

  /** The matching lines from `from` on, one read per line: for lines longer than a block. */
  private longLinesFrom(from: number, prefix: string): string[] {
    const lines: string[] = [];
    for (let line = this.lineAt(from); from < this.open().size && line.startsWith(prefix); line = this.lineAt(from)) {
      lines.push(line);
      from += line.length + 1;
    }
    return lines;
  }

  /** Byte offset of the first line not sorted before the target (by its first bytes), or the file's size. */
  private firstLineNotBelow(target: Buffer): number {
    const { fd, size, start } = this.open();
    // Invariant: every line that starts before lo sorts below the target, lo and hi are line
    // starts (or the end), and the first line not below the target starts in [lo, hi].
    let lo = start;
    let hi = size;
    while (hi - lo > SCAN_BYTES) {
      const mid = lo + Math.floor((hi - lo) / 2);
      // The probe starts one byte early so that a line starting right at mid is found.
      const probe = this.read(fd, mid - 1, Math.min(PROBE_BYTES, hi - mid + 1));
      const newline = probe.indexOf(0x0a);
      const lineStart = newline >= 0 ? mid + newline : this.nextLineStart(mid - 1);
      // One line spans [mid, hi): what is left is under two lines long, so scan it.
      if (lineStart >= hi) break;
      const inProbe = newline >= 0 ? probe.subarray(newline + 1) : Buffer.alloc(0);
      const head = inProbe.length >= target.length || inProbe.includes(0x0a) ? inProbe : this.read(fd, lineStart, target.length);
      if (compareHead(head, target) < 0) {
        const lineEnd = inProbe.indexOf(0x0a);
        lo = lineEnd >= 0 ? lineStart + lineEnd + 1 : this.nextLineStart(lineStart);
      } else {
        hi = lineStart;
      }
    }
    // The rest is a few kilobytes: read it at once and walk its lines.
    const rest = this.read(fd, lo, hi - lo);
    for (let at = 0; at < rest.length; ) {
      const end = rest.indexOf(0x0a, at);
      if (compareHead(rest.subarray(at), target) >= 0) return lo + at;
      if (end < 0) break;
      at = end + 1;
    }
    return hi;
  }

  /** Offset just after the newline that ends the line starting at `from`. */
  private nextLineStart(from: number): number {
    return from + this.lineAt(from).length + 1;
  }

  private read(fd: number, position: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buffer, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return buffer.subarray(0, got);
  }

  private open(): { fd: number; size: number; start: number } {
    if (!this.opened) {
      const fd = openSync(this.path, 'r');
      closeWhenCollected.register(this, fd);
      const size = fstatSync(fd).size;
      this.opened = { fd, size, start: 0 };
      this.opened.start = this.headerEnd(fd, size);
    }
    return this.opened;
  }

  /** Where the lines that start with a space (a licence header) end. */
  private headerEnd(fd: number, size: number): number {
    let at = 0;
    while (at < size && this.read(fd, at, 1)[0] === 0x20) at = this.nextLineStart(at);
    return Math.min(at, size);
  }
}

/** Bytes read at once to find a synset's line: most are shorter, the longest grow the read. */
const LINE_GUESS = 1024;
/** Bytes read at once while collecting the lines that share a prefix. */
const BLOCK_BYTES = 4096;
/** Bytes read at each bisection step: the rest of the line probed into, and the next line's start. */
const PROBE_BYTES = 512;
/** Below this many bytes left, the bisection reads them at once and walks the lines. */
const SCAN_BYTES = 8192;

// Descriptors of objects that were dropped without being closed; the shared lexicon lives as long
// as the process, but tests make many.
const closeWhenCollected = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to free.
  }
});

/**
 * Compares the line at the start of `bytes` (up to its newline) with the target, over the
 * target's length: 0 when the line starts with the target; a line that is a prefix of the
 * target sorts before it.
 */
function compareHead(bytes: Buffer, target: Buffer): number {
  const newline = bytes.indexOf(0x0a);
  const line = newline >= 0 ? bytes.subarray(0, newline) : bytes;
  return Buffer.compare(line.subarray(0, target.length), target);
}
