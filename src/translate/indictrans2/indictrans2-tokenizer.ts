import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { z } from 'zod';

const metaSchema = z.object({
  src_dict_size: z.number().int().positive(),
  tgt_dict_size: z.number().int().positive(),
  unk_id: z.number().int().nonnegative(),
});

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
    // The exported JSON carries its own normalizer, pre-tokenizer and decoder; no tokenizer_config is needed.
    const source = new Tokenizer(await json('tokenizer_src.json') as object, {});
    const target = new Tokenizer(await json('tokenizer_tgt.json') as object, {});
    return new IndicTrans2Tokenizer(source, target, meta);
  }

  get unkId(): number {
    return this.meta.unk_id;
  }

  /** Dictionary ids of a tagged source line, ending in </s>. */
  encodeSource(line: string): number[] {
    return (this.source.encode(line).ids as number[]).map((id) => (id < this.meta.src_dict_size ? id : this.meta.unk_id));
  }

  /** Text of generated target ids, special tokens left out. */
  decodeTarget(ids: readonly number[]): string {
    const safe = ids.map((id) => (id < this.meta.tgt_dict_size ? id : this.meta.unk_id));
    return this.target.decode(safe, { skip_special_tokens: true }).trim();
  }
}
