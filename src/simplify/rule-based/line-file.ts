import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A text file of newline-ended lines read in place, with positional reads on an open descriptor,
 * so that none of it is held in memory: the line at a byte offset, and, where the file is sorted,
 * the lines that start with a prefix, found by bisection (the way WordNet's own library searches
 * its index files): first over a sparse index in memory, the first line of every 4 KB, then
 * through the one block it points to. Lines are read as latin1, one character per byte, so
 * comparing the strings compares the bytes.
 */
export class LineFile {
  private opened: { fd: number; size: number; start: number } | undefined;
  private blocks: { starts: number[]; heads: string[] } | undefined;
  // Reused by every read: the bytes are turned into a string at once.
  private scratch = Buffer.allocUnsafe(BLOCK_BYTES * 2);

  /** @param path the file. It is opened on first use and closed when this object is collected. */
  constructor(private readonly path: string) {}

  /** The line that starts at the byte offset, without its newline; '' at or past the end. */
  lineAt(offset: number): string {
    const { size } = this.open();
    let length = Math.min(LINE_GUESS, Math.max(0, size - offset));
    for (;;) {
      const text = this.readText(offset, length);
      const end = text.indexOf('\n');
      if (end >= 0) return this.copyOfRead(0, end);
      if (offset + text.length >= size) return text;
      length = Math.min(length * 2, size - offset);
    }
  }

  /**
   * Every line that starts with the prefix, in file order. The lines after the header (lines
   * that start with a space, such as WordNet's licence) must be sorted by their bytes, and the
   * prefix be latin1 without a newline.
   */
  sortedLinesStartingWith(prefix: string): string[] {
    const { size } = this.open();
    if (prefix.includes('\n')) return [];
    const { lo, hi } = this.blockAround(prefix);
    // Walk the lines from lo: first those sorted below the prefix, then those that start with it.
    const lines: string[] = [];
    let position = lo;
    let text = this.readText(position, hi - lo + BLOCK_BYTES);
    let at = 0;
    while (position + at < size) {
      let end = text.indexOf('\n', at);
      if (end < 0 && position + text.length < size) {
        // The line runs past what was read: read on from its start.
        position += at;
        text = this.readText(position, Math.max(2 * (text.length - at), BLOCK_BYTES));
        at = 0;
        continue;
      }
      if (end < 0) end = text.length;
      if (text.startsWith(prefix, at)) lines.push(this.copyOfRead(at, end));
      else if (lines.length > 0 || text.slice(at, Math.min(end, at + prefix.length)) > prefix) break;
      at = end + 1;
    }
    return lines;
  }

  /**
   * Where the lines that could start with the prefix lie: lo starts a line sorted below it (or
   * the data), and the first line not sorted below it starts at or before hi.
   */
  private blockAround(prefix: string): { lo: number; hi: number } {
    const { size, start } = this.open();
    const { starts, heads } = this.blockIndex();
    let below = -1;
    let above = starts.length;
    while (above - below > 1) {
      const mid = (below + above) >> 1;
      if (heads[mid]!.slice(0, prefix.length) < prefix) below = mid;
      else above = mid;
    }
    return { lo: below >= 0 ? starts[below]! : start, hi: above < starts.length ? starts[above]! : size };
  }

  /**
   * The first whole line after every BLOCK_BYTES of the file, and where it starts: a sparse
   * index (3,000 short lines for WordNet's largest index file) that leaves about one block to
   * read per search. Built on the first search, with a small read or two per block.
   */
  private blockIndex(): { starts: number[]; heads: string[] } {
    if (!this.blocks) {
      const { size, start } = this.open();
      const starts: number[] = [];
      const heads: string[] = [];
      for (let boundary = start + BLOCK_BYTES; boundary < size; boundary += BLOCK_BYTES) {
        // One read holds the end of the line across the boundary and the next line, mostly.
        const text = this.readText(boundary - 1, LINE_GUESS);
        const newline = text.indexOf('\n');
        const end = text.indexOf('\n', newline + 1);
        const lineStart = newline >= 0 ? boundary + newline : this.nextLineStart(boundary - 1);
        // A line longer than a block spans the next boundary too: it is listed once.
        if (lineStart >= size || lineStart === starts.at(-1)) continue;
        starts.push(lineStart);
        heads.push(newline >= 0 && end > newline ? this.copyOfRead(newline + 1, end) : this.lineAt(lineStart));
      }
      this.blocks = { starts, heads };
    }
    return this.blocks;
  }

  /** Offset just after the newline that ends the line at `from` (or the file's size). */
  private nextLineStart(from: number): number {
    return Math.min(from + this.lineAt(from).length + 1, this.open().size);
  }

  /** Up to `length` bytes from `position`, as latin1 text; shorter at the end of the file. */
  private readText(position: number, length: number): string {
    const { fd } = this.open();
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, this.scratch, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return this.scratch.toString('latin1', 0, got);
  }

  /**
   * Characters [start, end) of the last read, as a string of their own: a slice of the read's
   * text would keep all of it alive for as long as the slice (or a slice of that, such as a
   * cached synset's definition) lives.
   */
  private copyOfRead(start: number, end: number): string {
    return this.scratch.toString('latin1', start, end);
  }

  private open(): { fd: number; size: number; start: number } {
    if (!this.opened) {
      const fd = openSync(this.path, 'r');
      closeWhenCollected.register(this, fd);
      this.opened = { fd, size: fstatSync(fd).size, start: 0 };
      // The header: lines that start with a space, before the data.
      let start = 0;
      while (start < this.opened.size && this.readText(start, 1) === ' ') start = this.nextLineStart(start);
      this.opened.start = start;
    }
    return this.opened;
  }
}

/** Bytes per entry of the sparse index; a search reads about one block. */
const BLOCK_BYTES = 4096;
/** Bytes read at once for a line at an offset: most synsets' lines are shorter; longer ones grow the read. */
const LINE_GUESS = 1024;

// Descriptors of objects that were dropped without being closed; the shared lexicon lives as long
// as the process, but tests make many.
const closeWhenCollected = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to free.
  }
});
