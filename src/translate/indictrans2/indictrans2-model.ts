import path from 'node:path';
import type { PooledHandle } from '../../models/model-pool.js';
import { readTextIfPresent } from '../../models/store-files.js';
import { convertScript, isUnifiedScript } from './flores.js';
import { IndicTrans2Tokenizer } from './indictrans2-tokenizer.js';
import { normalizeIndicSource } from './indic-normalize.js';
import { asciiDigits, detokenize, normalizePunctuation, tokenizeForModel } from './normalize-text.js';
import { Seq2SeqSessions, type SessionSettings } from './onnx-seq2seq.js';
import { protectItems, restorePlaceholders } from './placeholders.js';

/** The model's longest input, in subwords (config.json max_source_positions of every IndicTrans2 model). */
export const MAX_SOURCE_TOKENS = 256;

export interface TranslateBatchOptions {
  /** Sentences run through the model together. Defaults to 8. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Benchmarks only: generate exactly this many tokens per sentence, ignoring the end token. */
  forceNewTokens?: number;
}

/** A sentence as the model reads it: tagged, normalised and encoded, with what its placeholders stand for. */
export interface PreparedSentence {
  /** Subword ids, tags and </s> included. */
  ids: number[];
  items: ReadonlyMap<number, string>;
  /** The target tag the ids ask for; the output is written in its script. */
  toTag: string;
}

export interface SentenceTranslation {
  text: string;
  /** Protected items (numbers, links, addresses) the model lost. */
  missing: string[];
  tokens: number;
}

/**
 * One loaded IndicTrans2 export: tokenizers, the three ONNX sessions and the generation
 * settings. It translates sentences between two FLORES tags the model covers, doing what
 * IndicProcessor does around the model: punctuation and digits normalised, numbers, links and
 * addresses swapped for placeholders, Indic scripts converted to Devanagari and back, tags
 * prepended, punctuation split off and joined back.
 */
export class IndicTrans2Model implements PooledHandle {
  private constructor(
    readonly modelId: string,
    private readonly tokenizer: IndicTrans2Tokenizer,
    private readonly sessions: Seq2SeqSessions,
    private readonly ids: { decoderStart: number; eos: number; pad: number },
  ) {}

  static async load(modelId: string, dir: string, settings: SessionSettings): Promise<IndicTrans2Model> {
    const generation = await readJson(path.join(dir, 'generation_config.json'));
    const config = await readJson(path.join(dir, 'config.json'));
    const tokenizer = await IndicTrans2Tokenizer.load(dir);
    const sessions = await Seq2SeqSessions.load(dir, settings);
    return new IndicTrans2Model(modelId, tokenizer, sessions, {
      decoderStart: numberOr(generation.decoder_start_token_id, 2),
      eos: numberOr(generation.eos_token_id, 2),
      pad: numberOr(config.pad_token_id ?? generation.pad_token_id, 1),
    });
  }

  get provider(): string {
    return this.sessions.provider;
  }

  /** Subwords the model would see for this sentence, tags and </s> included. */
  countTokens(sentence: string, fromTag: string, toTag: string): number {
    return this.prepareSentence(sentence, fromTag, toTag).ids.length;
  }

  /**
   * The sentence ready for translatePrepared(): a caller that must count a sentence's subwords
   * before translating it (to split a long text) encodes it once and hands over the result.
   */
  prepareSentence(sentence: string, fromTag: string, toTag: string): PreparedSentence {
    const { line, items } = this.prepare(sentence, fromTag, toTag);
    return { ids: this.tokenizer.encodeSource(line), items, toTag };
  }

  async translate(sentences: readonly string[], fromTag: string, toTag: string, options: TranslateBatchOptions = {}): Promise<SentenceTranslation[]> {
    return this.translatePrepared(sentences.map((s) => this.prepareSentence(s, fromTag, toTag)), options);
  }

  /** Translates sentences made by prepareSentence(). */
  async translatePrepared(prepared: readonly PreparedSentence[], options: TranslateBatchOptions = {}): Promise<SentenceTranslation[]> {
    const encoded = prepared.map((p) => p.ids);
    const tooLong = encoded.findIndex((ids) => ids.length > MAX_SOURCE_TOKENS);
    if (tooLong >= 0) throw new RangeError(`a sentence has ${encoded[tooLong]!.length} subwords; the model reads at most ${MAX_SOURCE_TOKENS}`);
    const batchSize = Math.max(1, options.batchSize ?? 8);
    // Similar lengths batched together waste less padding.
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
    const generated: number[][] = new Array(prepared.length);
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      const out = await this.sessions.generate(rows.map((i) => encoded[i]!), {
        decoderStartId: this.ids.decoderStart,
        eosId: this.ids.eos,
        padId: this.ids.pad,
        maxNewTokens: options.forceNewTokens ? () => options.forceNewTokens! : maxNewTokens,
        ignoreEos: options.forceNewTokens !== undefined,
        signal: options.signal,
      });
      rows.forEach((row, k) => (generated[row] = out[k]!));
    }
    return prepared.map((p, i) => {
      let text = this.tokenizer.decodeTarget(generated[i]!);
      if (isUnifiedScript(p.toTag)) text = convertScript(text, 'hin_Deva', p.toTag);
      // Joined before the placeholders are filled, so no rule touches a link, address or amount.
      text = detokenize(text, p.toTag);
      const restored = restorePlaceholders(text, p.items);
      return { text: restored.text, missing: restored.missing, tokens: generated[i]!.length };
    });
  }

  dispose(): Promise<void> {
    return this.sessions.dispose();
  }

  private prepare(sentence: string, fromTag: string, toTag: string): { line: string; items: ReadonlyMap<number, string> } {
    const { text, items } = protectItems(normalizePunctuation(sentence));
    let body = tokenizeForModel(normalizeIndicSource(asciiDigits(text).normalize('NFC'), fromTag), fromTag);
    // The tokenizer cuts a virama off its letter when a mark sat between them; IndicProcessor rejoins it.
    if (isUnifiedScript(fromTag)) body = convertScript(body, fromTag, 'hin_Deva').replace(/ \u094d /gu, '\u094d');
    return { line: `${fromTag} ${toTag} ${body}`, items };
  }
}

/**
 * New tokens allowed for a source of n subwords: a translation is rarely more than twice its
 * source, so a model that loops stops there instead of running to the model's maximum.
 */
function maxNewTokens(sourceTokens: number): number {
  return Math.min(MAX_SOURCE_TOKENS, 2 * sourceTokens + 10);
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  const raw = await readTextIfPresent(file);
  return raw === null ? {} : (JSON.parse(raw) as Record<string, unknown>);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}
