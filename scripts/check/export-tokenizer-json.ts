import type { SentencePiece } from './sentencepiece-proto.js';

/**
 * Builds the tokenizer JSON that Hari31416/indictrans2-onnx-export ships (tokenizer_src.json /
 * tokenizer_tgt.json) from a SentencePiece BPE vocabulary and the fairseq dictionary, following
 * its documented recipe (src/02_build_fast_tokenizers.py): Hugging Face's SpmConverter (BPE
 * whose merges are every split of a piece into two pieces, ranked by the merged piece's score),
 * then the vocabulary renumbered to the dictionary's ids (pieces outside the dictionary numbered
 * after it), the special tokens and language tags registered as added tokens, and </s> appended
 * by the post-processor. Used to check our tokenizer against SentencePiece on the real files.
 */

const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];
const TAG = /^[a-z]{3}_[A-Z][a-z]{3}$/u;
const SPACE = '\u2581';

export interface ExportTokenizerOptions {
  /** The SentencePiece model's precompiled_charsmap, base64 (the export embeds it); null leaves it out. */
  precompiledCharsmap?: string | null;
  /**
   * The full dictionary's size, when `dict` is a part of it (a test's excerpt): pieces outside the
   * dictionary are numbered from here, so they never take a real entry's id.
   */
  dictSize?: number;
}

export function exportTokenizerJson(pieces: readonly SentencePiece[], dict: Readonly<Record<string, number>>, options: ExportTokenizerOptions = {}): object {
  const spmId = new Map(pieces.map((p, i) => [p.piece, i]));
  const ranked: Array<{ left: string; right: string; score: number }> = [];
  for (const { piece, score } of pieces) {
    const chars = Array.from(piece);
    const local: Array<{ left: string; right: string; score: number }> = [];
    for (let i = 1; i < chars.length; i++) {
      const left = chars.slice(0, i).join('');
      const right = chars.slice(i).join('');
      if (spmId.has(left) && spmId.has(right)) local.push({ left, right, score });
    }
    local.sort((a, b) => spmId.get(a.left)! - spmId.get(b.left)! || spmId.get(a.right)! - spmId.get(b.right)!);
    ranked.push(...local);
  }
  // Highest score first; Array.prototype.sort is stable, as Python's sorted is.
  ranked.sort((a, b) => b.score - a.score);

  const dictSize = options.dictSize ?? Object.keys(dict).length;
  let next = dictSize;
  const vocab: Record<string, number> = {};
  for (const { piece } of pieces) vocab[piece] = dict[piece] ?? next++;
  for (const [token, id] of Object.entries(dict)) if (!(token in vocab)) vocab[token] = id;

  return tokenizerJsonShell({
    specials: SPECIALS.filter((t) => t in dict),
    tags: Object.keys(dict).filter((t) => TAG.test(t)).sort(),
    id: (token) => dict[token]!,
    normalizers: [
      ...(options.precompiledCharsmap === null ? [] : [{ type: 'Precompiled', precompiled_charsmap: options.precompiledCharsmap ?? null }]),
      { type: 'Strip', strip_left: false, strip_right: true },
      { type: 'Replace', pattern: { Regex: ' {2,}' }, content: SPACE },
    ],
    eosId: dict['</s>'] ?? 2,
    vocab,
    merges: ranked.map((m) => `${m.left} ${m.right}`),
  });
}

export interface TokenizerJsonParts {
  /** Special tokens, registered as special added tokens. */
  specials: readonly string[];
  /** Language tags, registered as single-word added tokens. */
  tags: readonly string[];
  /** The dictionary id of a special token or tag. */
  id: (token: string) => number;
  normalizers: readonly object[];
  /** The id of </s>, which the post-processor appends. */
  eosId: number;
  vocab: Record<string, number>;
  merges: string[];
}

/**
 * The tokenizer JSON around a BPE vocabulary, in the layout the IndicTrans2 ONNX export ships
 * (Metaspace pre-tokenizer and decoder, </s> appended, specials and tags as added tokens); the
 * fixture writer (scripts/fixtures/write-indictrans2.ts) shares it.
 */
export function tokenizerJsonShell(parts: TokenizerJsonParts): object {
  const added = [
    ...parts.specials.map((content) => ({ id: parts.id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    ...parts.tags.map((content) => ({ id: parts.id(content), content, single_word: true, lstrip: false, rstrip: true, normalized: false, special: false })),
  ];
  const metaspace = { type: 'Metaspace', replacement: SPACE, prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: 'Sequence', normalizers: parts.normalizers },
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '</s>': { id: '</s>', ids: [parts.eosId], tokens: ['</s>'] } },
    },
    decoder: metaspace,
    model: {
      type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: true, byte_fallback: false, ignore_merges: false, vocab: parts.vocab, merges: parts.merges,
    },
  };
}
