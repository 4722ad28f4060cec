import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers';
import { z } from 'zod';

const metaSchema = z.object({
  src_dict_size: z.number().int().positive(),
  tgt_dict_size: z.number().int().positive(),
  unk_id: z.number().int().nonnegative(),
});

/**
 * SentencePiece's nmt_nfkc map (the one IndicTrans2's models were trained with) keeps the zero
 * width joiner, which Indic text uses for half forms and chillus; @huggingface/tokenizers'
 * Precompiled normaliser approximates that map with NFKC and turns U+2000-U+200F, the joiner
 * included, into spaces. The joiner is carried past it as this noncharacter (NFKC and the
 * approximation both leave it alone) and restored right after. `npm run check:indictrans2-tokenizer`
 * compared every character of the approximation with SentencePiece itself: the joiner is the only
 * one they treat differently.
 */
const ZWJ = '\u200d';
const ZWJ_CARRIER = '\ufdd0';

/** The tokenizer JSON with the joiner restored right after its Precompiled normaliser. */
function keepJoiner(json: Record<string, unknown>): Record<string, unknown> {
  const restore = { type: 'Replace', pattern: { String: ZWJ_CARRIER }, content: ZWJ };
  const normalizer = json.normalizer as { type?: string; normalizers?: Array<{ type?: string }> } | null | undefined;
  if (normalizer?.type === 'Precompiled') return { ...json, normalizer: { type: 'Sequence', normalizers: [normalizer, restore] } };
  if (normalizer?.type !== 'Sequence' || !normalizer.normalizers) return json;
  const at = normalizer.normalizers.findIndex((n) => n.type === 'Precompiled');
  if (at < 0) return json;
  const normalizers = [...normalizer.normalizers.slice(0, at + 1), restore, ...normalizer.normalizers.slice(at + 1)];
  return { ...json, normalizer: { ...normalizer, normalizers } };
}

/** The files of the export's tokenizers, beside the graphs. */
export const TOKENIZER_FILES = ['tokenizer_src.json', 'tokenizer_tgt.json', 'tokenizer_meta.json'] as const;

/**
 * The export's source and target tokenizers: SentencePiece models converted to tokenizer JSON
 * whose vocabularies were remapped to the fairseq dictionary ids the model was trained with
 * (dict.SRC.json / dict.TGT.json), run by @huggingface/tokenizers. Pieces outside the dictionary
 * (the converter's leftovers, numbered from the dictionary size up) become <unk>, as the export's
 * own inference code does. Language tags are added tokens, so "eng_Latn hin_Deva text" encodes
 * the tags to their dictionary ids; the post-processor appends </s>.
 */
export class IndicTrans2Tokenizer {
  private constructor(
    private readonly source: Tokenizer,
    private readonly target: Tokenizer,
    private readonly meta: z.infer<typeof metaSchema>,
  ) {}

  static async load(dir: string): Promise<IndicTrans2Tokenizer> {
    const json = async (name: string): Promise<unknown> => JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    const meta = metaSchema.parse(await json('tokenizer_meta.json'));
    // Imported here, not at the top: a service with no IndicTrans2 export installed never loads it (memory).
    const { Tokenizer } = await import('@huggingface/tokenizers');
    // The exported JSON carries its own normalizer, pre-tokenizer and decoder; no tokenizer_config is needed.
    const source = new Tokenizer(keepJoiner(await json('tokenizer_src.json') as Record<string, unknown>), {});
    const target = new Tokenizer(await json('tokenizer_tgt.json') as object, {});
    return new IndicTrans2Tokenizer(source, target, meta);
  }

  get unkId(): number {
    return this.meta.unk_id;
  }

  /** Dictionary ids of a tagged source line, ending in </s>. */
  encodeSource(line: string): number[] {
    const carried = line.replaceAll(ZWJ_CARRIER, '').replaceAll(ZWJ, ZWJ_CARRIER);
    return (this.source.encode(carried).ids as number[]).map((id) => (id < this.meta.src_dict_size ? id : this.meta.unk_id));
  }

  /** Text of generated target ids, special tokens left out. */
  decodeTarget(ids: readonly number[]): string {
    const safe = ids.map((id) => (id < this.meta.tgt_dict_size ? id : this.meta.unk_id));
    return this.target.decode(safe, { skip_special_tokens: true }).trim();
  }
}
