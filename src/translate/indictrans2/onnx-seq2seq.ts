import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';

/** The three graphs of the public IndicTrans2 ONNX export (Hari31416/indictrans2-onnx-export). */
export const GRAPH_FILES = ['encoder_model.onnx', 'decoder_model.onnx', 'decoder_with_past_model.onnx'] as const;

export interface SessionSettings {
  /** Intra-op threads; 0 lets onnxruntime choose. */
  threads: number;
  /** Try the CUDA execution provider first (LLM_GPU auto or cuda); the CPU always remains. */
  tryCuda: boolean;
}

export interface DecodeOptions {
  decoderStartId: number;
  eosId: number;
  padId: number;
  /** Most new tokens for a row whose source has this many tokens. */
  maxNewTokens: (sourceTokens: number) => number;
  /** Keep generating past the end-of-sentence token (benchmarks force a token count). Defaults to false. */
  ignoreEos?: boolean;
  signal?: AbortSignal;
}

type Ort = typeof import('onnxruntime-node');
type Feeds = Record<string, Tensor>;

/**
 * The encoder, first-step decoder and decoder-with-past sessions of one export, and greedy
 * decoding over them with the key/value cache: the encoder runs once per batch, the first decoder
 * step returns `present.{i}.{decoder,encoder}.{key,value}`, and every later step feeds those back
 * as `past_key_values.*`. The cross-attention keys travel in the cache (decoder_with_past has no
 * encoder_hidden_states input), which is why they must be carried from step to step unchanged.
 */
export class Seq2SeqSessions {
  private constructor(
    private readonly ort: Ort,
    private readonly encoder: InferenceSession,
    private readonly decoder: InferenceSession,
    private readonly decoderWithPast: InferenceSession,
    readonly layers: number,
    readonly provider: string,
  ) {
    this.pastFetches = ['logits', ...Array.from({ length: layers }, (_, i) => presentNames(i).slice(0, 2)).flat()];
  }

  /** What later decoder steps are asked for: the logits and the self-attention cache. */
  private readonly pastFetches: string[];

  static async load(dir: string, settings: SessionSettings): Promise<Seq2SeqSessions> {
    // Loaded on first use: a service without a translation model never maps the native binding.
    const ort = await import('onnxruntime-node');
    const base: InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      ...(settings.threads > 0 ? { intraOpNumThreads: settings.threads, interOpNumThreads: 1 } : {}),
      executionMode: 'sequential',
      // Without the arena, memory a step used goes back after it: measured on the 200M-shaped
      // int8 model, 40 MB less peak at about the same CPU time (scripts/bench/translate.ts).
      enableCpuMemArena: false,
      logSeverityLevel: 3,
    };
    const open = async (provider: 'cuda' | 'cpu'): Promise<InferenceSession[]> => {
      const sessions: InferenceSession[] = [];
      try {
        for (const file of GRAPH_FILES) sessions.push(await ort.InferenceSession.create(path.join(dir, file), { ...base, executionProviders: [provider === 'cuda' ? 'cuda' : 'cpu', 'cpu'] }));
        return sessions;
      } catch (err) {
        await Promise.all(sessions.map((s) => s.release()));
        throw err;
      }
    };
    let provider: 'cuda' | 'cpu' = 'cpu';
    let sessions: InferenceSession[] | null = null;
    if (settings.tryCuda && cudaProviderInstalled()) {
      sessions = await open('cuda').catch(() => null);
      if (sessions) provider = 'cuda';
    }
    sessions ??= await open('cpu');
    const [encoder, decoder, decoderWithPast] = sessions as [InferenceSession, InferenceSession, InferenceSession];
    const layers = checkLayout(encoder, decoder, decoderWithPast);
    return new Seq2SeqSessions(ort, encoder, decoder, decoderWithPast, layers, provider);
  }

  /**
   * Greedy decoding of a batch of token-id rows (each already ending in </s>). Returns the new
   * tokens of each row, without the start token and without the end token.
   */
  async generate(rows: number[][], options: DecodeOptions): Promise<number[][]> {
    const { ort } = this;
    const batch = rows.length;
    const width = Math.max(...rows.map((r) => r.length));
    const ids = new BigInt64Array(batch * width).fill(BigInt(options.padId));
    const mask = new BigInt64Array(batch * width);
    rows.forEach((row, b) => row.forEach((id, i) => {
      ids[b * width + i] = BigInt(id);
      mask[b * width + i] = 1n;
    }));
    const attention = new ort.Tensor('int64', mask, [batch, width]);
    const encoded = await this.encoder.run({ input_ids: new ort.Tensor('int64', ids, [batch, width]), attention_mask: attention });
    options.signal?.throwIfAborted();

    const limits = rows.map((r) => Math.max(1, options.maxNewTokens(r.length)));
    const steps = Math.max(...limits);
    const out: number[][] = rows.map(() => []);
    const done = rows.map(() => false);
    let next = new BigInt64Array(batch).fill(BigInt(options.decoderStartId));
    let past: Feeds | null = null;
    // The cross-attention keys and values come out of the first step and never change: they are
    // kept and fed back as they are, and later steps are asked only for the logits and the
    // self-attention cache, so the unchanged tensors are not copied out again at every step.
    let crossCache: Feeds = {};
    for (let step = 0; step < steps; step++) {
      options.signal?.throwIfAborted();
      const inputIds = new ort.Tensor('int64', next, [batch, 1]);
      const result: Feeds = past === null
        ? await this.decoder.run({ input_ids: inputIds, encoder_attention_mask: attention, encoder_hidden_states: encoded.last_hidden_state! })
        : await this.decoderWithPast.run({ input_ids: inputIds, encoder_attention_mask: attention, ...past, ...crossCache }, this.pastFetches);
      if (step === 0) crossCache = crossFeeds(result, this.layers);
      const picked = argmaxLastStep(result.logits!);
      next = new BigInt64Array(batch);
      for (let b = 0; b < batch; b++) {
        const token = picked[b]!;
        if (!done[b]) {
          if (token === options.eosId && !options.ignoreEos) done[b] = true;
          else out[b]!.push(token);
          if (out[b]!.length >= limits[b]!) done[b] = true;
        }
        next[b] = BigInt(done[b] ? options.padId : token);
      }
      if (done.every(Boolean)) break;
      past = selfFeeds(result, this.layers);
    }
    return out;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.encoder.release(), this.decoder.release(), this.decoderWithPast.release()]);
  }
}

/**
 * True when onnxruntime-node's CUDA provider library was installed (ONNXRUNTIME_NODE_INSTALL=cuda12
 * at install time); the default, offline install leaves it out, and asking for it then only
 * prints a load error.
 */
function cudaProviderInstalled(): boolean {
  try {
    const main = createRequire(import.meta.url).resolve('onnxruntime-node');
    const dir = path.join(path.dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(path.join(dir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** Checks the graphs have the export's names; returns the decoder's layer count. */
function checkLayout(encoder: InferenceSession, decoder: InferenceSession, decoderWithPast: InferenceSession): number {
  const need = (what: string, names: readonly string[], expected: string[]): void => {
    const absent = expected.filter((n) => !names.includes(n));
    if (absent.length > 0) throw new Error(`${what} lacks ${absent.join(', ')}: not the three-graph IndicTrans2 export`);
  };
  need('encoder_model.onnx inputs', encoder.inputNames, ['input_ids', 'attention_mask']);
  need('encoder_model.onnx outputs', encoder.outputNames, ['last_hidden_state']);
  need('decoder_model.onnx inputs', decoder.inputNames, ['input_ids', 'encoder_attention_mask', 'encoder_hidden_states']);
  const layers = decoder.outputNames.filter((n) => /^present\.\d+\.decoder\.key$/u.test(n)).length;
  if (layers === 0) throw new Error('decoder_model.onnx returns no present.* key/value outputs');
  const presents = Array.from({ length: layers }, (_, i) => presentNames(i)).flat();
  need('decoder_model.onnx outputs', decoder.outputNames, ['logits', ...presents]);
  need('decoder_with_past_model.onnx inputs', decoderWithPast.inputNames, ['input_ids', 'encoder_attention_mask', ...presents.map(pastName)]);
  need('decoder_with_past_model.onnx outputs', decoderWithPast.outputNames, ['logits', ...presents]);
  return layers;
}

function presentNames(layer: number): string[] {
  return ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value'].map((part) => `present.${layer}.${part}`);
}

function pastName(present: string): string {
  return present.replace(/^present\./u, 'past_key_values.');
}

/** present.{i}.decoder.* of one step become past_key_values.{i}.decoder.* of the next. */
function selfFeeds(result: Feeds, layers: number): Feeds {
  const feeds: Feeds = {};
  for (let i = 0; i < layers; i++) for (const name of presentNames(i).slice(0, 2)) feeds[pastName(name)] = result[name]!;
  return feeds;
}

/** present.{i}.encoder.* of the first step, fed as past_key_values.{i}.encoder.* to every later one. */
function crossFeeds(result: Feeds, layers: number): Feeds {
  const feeds: Feeds = {};
  for (let i = 0; i < layers; i++) for (const name of presentNames(i).slice(2)) feeds[pastName(name)] = result[name]!;
  return feeds;
}

/** The highest-scoring token of each row at the last position of logits [batch, positions, vocabulary]. */
function argmaxLastStep(logits: Tensor): number[] {
  const [batch, positions, vocabulary] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  const picked: number[] = [];
  for (let b = 0; b < batch; b++) {
    const start = (b * positions + positions - 1) * vocabulary;
    let best = 0;
    let bestScore = -Infinity;
    for (let v = 0; v < vocabulary; v++) {
      const score = data[start + v]!;
      if (score > bestScore) {
        bestScore = score;
        best = v;
      }
    }
    picked.push(best);
  }
  return picked;
}
