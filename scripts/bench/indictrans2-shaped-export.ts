/**
 * Writes a random-weight model of IndicTrans2 dist-200M's real shape (512 wide, 18 encoder and
 * 18 decoder layers, 8 heads, feed-forward 2048, vocabularies 32322 / 122672) in the three-graph
 * export layout, its matrices int8 as onnxruntime's dynamic quantisation writes them
 * (DynamicQuantizeLinear + MatMulInteger), so the benchmark times the real amount of arithmetic
 * and memory. The tokenizer files are the fixture's (scripts/fixtures/write-indictrans2.ts): the
 * words it knows become one token each, as common words are in the real vocabulary. The output
 * is noise; it is for timing and memory only, and goes to a temporary folder, never the repository.
 */
import { randomFillSync } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeIndicTrans2Fixture } from '../fixtures/write-indictrans2.js';
import { encodeOnnxModelWithExternalData, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from '../fixtures/write-onnx.js';

export interface ShapedOptions {
  width?: number;
  layers?: number;
  heads?: number;
  ffn?: number;
  sourceVocabulary?: number;
  targetVocabulary?: number;
}

class Graph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private counter = 0;

  constructor(private readonly width: number, private readonly heads: number) {
    this.constant('heads_shape', 'int64', [4], [0, 0, heads, width / heads]);
    this.constant('model_shape', 'int64', [3], [0, 0, width]);
    this.constant('scale', 'float', [], [1 / Math.sqrt(width / heads)]);
    this.constant('one_f', 'float', [], [1]);
    this.constant('minus_big', 'float', [], [-1e4]);
    this.constant('axes_12', 'int64', [2], [1, 2]);
    this.constant('zero_i', 'int64', [], [0]);
    this.constant('one_i', 'int64', [], [1]);
    this.constant('two_i', 'int64', [], [2]);
  }

  constant(name: string, type: OnnxTensor['type'], dims: number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, type, dims, values });
    return name;
  }

  op(op: string, inputs: string[], attributes?: OnnxNode['attributes'], outputs?: string[]): string {
    const out = outputs ?? [`${op.toLowerCase()}_${this.counter++}`];
    this.nodes.push({ op, inputs, outputs: out, ...(attributes ? { attributes } : {}) });
    return out[0]!;
  }

  /** An int8 weight [rows, cols] and its scale, random. */
  int8Weight(name: string, rows: number, cols: number): { weight: string; scale: string } {
    const values = new Int8Array(rows * cols);
    randomFillSync(values);
    this.initializers.push({ name, type: 'int8', dims: [rows, cols], values });
    this.constant(`${name}_zero`, 'int8', [], [0]);
    return { weight: name, scale: this.constant(`${name}_scale`, 'float', [], [0.02 / 127]) };
  }

  /** x [.., in] times an int8 weight [in, out], the way dynamic quantisation rewrites a MatMul. */
  linear(x: string, name: string, inDim: number, outDim: number): string {
    const { weight, scale } = this.int8Weight(name, inDim, outDim);
    const q = `${name}_xq`;
    this.op('DynamicQuantizeLinear', [x], undefined, [q, `${q}_scale`, `${q}_zero`]);
    const product = this.op('MatMulInteger', [q, weight, `${q}_zero`, `${weight}_zero`]);
    const asFloat = this.op('Cast', [product], { to: { i: 1 } });
    const combined = this.op('Mul', [`${q}_scale`, scale]);
    return this.op('Mul', [asFloat, combined]);
  }

  layerNorm(x: string, name: string): string {
    const gamma = this.constant(`${name}_g`, 'float', [this.width], new Float32Array(this.width).fill(1));
    const beta = this.constant(`${name}_b`, 'float', [this.width], new Float32Array(this.width));
    return this.op('LayerNormalization', [x, gamma, beta], { axis: { i: -1 }, epsilon: { f: 1e-5 } });
  }

  /** [B,S,D] -> [B,H,S,hd] */
  splitHeads(x: string): string {
    return this.op('Transpose', [this.op('Reshape', [x, 'heads_shape'])], { perm: { ints: [0, 2, 1, 3] } });
  }

  /** softmax(q k^T / sqrt(hd) + bias) v, merged back to [B,S,D]. */
  attend(q: string, k: string, v: string, bias: string | null): string {
    const kt = this.op('Transpose', [k], { perm: { ints: [0, 1, 3, 2] } });
    let scores = this.op('Mul', [this.op('MatMul', [q, kt]), 'scale']);
    if (bias) scores = this.op('Add', [scores, bias]);
    const weights = this.op('Softmax', [scores], { axis: { i: -1 } });
    const context = this.op('Transpose', [this.op('MatMul', [weights, v])], { perm: { ints: [0, 2, 1, 3] } });
    return this.op('Reshape', [context, 'model_shape']);
  }

  /** A [B,S] 0/1 mask as an additive bias [B,1,1,S]. */
  maskBias(mask: string): string {
    const keep = this.op('Cast', [mask], { to: { i: 1 } });
    return this.op('Unsqueeze', [this.op('Mul', [this.op('Sub', ['one_f', keep]), 'minus_big']), 'axes_12']);
  }

  /** int8 embedding rows [V, D] looked up and scaled back to floats. */
  embed(ids: string, name: string, vocabulary: number): string {
    const { weight, scale } = this.int8Weight(name, vocabulary, this.width);
    const rows = this.op('Gather', [weight, ids], { axis: { i: 0 } });
    return this.op('Mul', [this.op('Cast', [rows], { to: { i: 1 } }), this.op('Mul', [scale, this.constant(`${name}_up`, 'float', [], [Math.sqrt(this.width) * 50])])]);
  }

  /** Sinusoid-like position table [positions, D] looked up at ids. */
  positions(ids: string, count: number): string {
    const table = new Float32Array(count * this.width);
    for (let p = 0; p < count; p++) for (let i = 0; i < this.width; i++) table[p * this.width + i] = Math.sin(p / 10000 ** ((2 * Math.floor(i / 2)) / this.width) + (i % 2) * Math.PI / 2);
    this.constant('position_table', 'float', [count, this.width], table);
    return this.op('Gather', ['position_table', ids], { axis: { i: 0 } });
  }

  ffn(x: string, name: string, inner: number): string {
    return this.linear(this.op('Relu', [this.linear(x, `${name}_fc1`, this.width, inner)]), `${name}_fc2`, inner, this.width);
  }
}

const B = 'batch_size';
const S = 'encoder_sequence_length';

function kvInfo(name: string, seq: string, heads: number, hd: number): OnnxValueInfo {
  return { name, type: 'float', shape: [B, heads, seq, hd] };
}

function encoderGraph(o: Required<ShapedOptions>): OnnxModel {
  const g = new Graph(o.width, o.heads);
  const length = g.op('Gather', [g.op('Shape', ['input_ids']), 'one_i'], { axis: { i: 0 } });
  const positionIds = g.op('Range', ['zero_i', length, 'one_i']);
  let x = g.op('Add', [g.embed('input_ids', 'enc_embed', o.sourceVocabulary), g.positions(positionIds, 258)]);
  const bias = g.maskBias('attention_mask');
  for (let l = 0; l < o.layers; l++) {
    const h = g.layerNorm(x, `enc${l}_ln1`);
    const attn = g.attend(g.splitHeads(g.linear(h, `enc${l}_q`, o.width, o.width)), g.splitHeads(g.linear(h, `enc${l}_k`, o.width, o.width)), g.splitHeads(g.linear(h, `enc${l}_v`, o.width, o.width)), bias);
    x = g.op('Add', [x, g.linear(attn, `enc${l}_o`, o.width, o.width)]);
    x = g.op('Add', [x, g.ffn(g.layerNorm(x, `enc${l}_ln2`), `enc${l}`, o.ffn)]);
  }
  g.op('Identity', [g.layerNorm(x, 'enc_final')], undefined, ['last_hidden_state']);
  return {
    graphName: 'encoder', opset: 17, nodes: g.nodes, initializers: g.initializers,
    inputs: [{ name: 'input_ids', type: 'int64', shape: [B, S] }, { name: 'attention_mask', type: 'int64', shape: [B, S] }],
    outputs: [{ name: 'last_hidden_state', type: 'float', shape: [B, S, o.width] }],
  };
}

function decoderGraph(o: Required<ShapedOptions>, withPast: boolean): OnnxModel {
  const g = new Graph(o.width, o.heads);
  const hd = o.width / o.heads;
  const start = withPast ? g.op('Gather', [g.op('Shape', ['past_key_values.0.decoder.key']), 'two_i'], { axis: { i: 0 } }) : 'zero_i';
  const steps = g.op('Gather', [g.op('Shape', ['input_ids']), 'one_i'], { axis: { i: 0 } });
  const positionIds = g.op('Range', [start, g.op('Add', [start, steps]), 'one_i']);
  let x = g.op('Add', [g.embed('input_ids', 'dec_embed', o.targetVocabulary), g.positions(positionIds, 258)]);
  const crossBias = g.maskBias('encoder_attention_mask');
  const outputs: OnnxValueInfo[] = [{ name: 'logits', type: 'float', shape: [B, 'decoder_sequence_length', o.targetVocabulary] }];
  const pastInputs: OnnxValueInfo[] = [];
  for (let l = 0; l < o.layers; l++) {
    const h = g.layerNorm(x, `dec${l}_ln1`);
    let k = g.splitHeads(g.linear(h, `dec${l}_k`, o.width, o.width));
    let v = g.splitHeads(g.linear(h, `dec${l}_v`, o.width, o.width));
    if (withPast) {
      pastInputs.push(...['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value'].map((p, i) => kvInfo(`past_key_values.${l}.${p}`, i < 2 ? 'past_decoder_sequence_length' : S, o.heads, hd)));
      k = g.op('Concat', [`past_key_values.${l}.decoder.key`, k], { axis: { i: 2 } });
      v = g.op('Concat', [`past_key_values.${l}.decoder.value`, v], { axis: { i: 2 } });
    }
    g.op('Identity', [k], undefined, [`present.${l}.decoder.key`]);
    g.op('Identity', [v], undefined, [`present.${l}.decoder.value`]);
    const self = g.attend(g.splitHeads(g.linear(h, `dec${l}_q`, o.width, o.width)), k, v, null);
    x = g.op('Add', [x, g.linear(self, `dec${l}_o`, o.width, o.width)]);
    const hc = g.layerNorm(x, `dec${l}_ln2`);
    let ck: string;
    let cv: string;
    if (withPast) {
      ck = `past_key_values.${l}.encoder.key`;
      cv = `past_key_values.${l}.encoder.value`;
    } else {
      ck = g.splitHeads(g.linear('encoder_hidden_states', `dec${l}_ck`, o.width, o.width));
      cv = g.splitHeads(g.linear('encoder_hidden_states', `dec${l}_cv`, o.width, o.width));
    }
    g.op('Identity', [ck], undefined, [`present.${l}.encoder.key`]);
    g.op('Identity', [cv], undefined, [`present.${l}.encoder.value`]);
    if (withPast) {
      // The cross-attention projections exist in both decoders; with past they are not used.
      g.int8Weight(`dec${l}_ck`, o.width, o.width);
      g.int8Weight(`dec${l}_cv`, o.width, o.width);
    }
    const cross = g.attend(g.splitHeads(g.linear(hc, `dec${l}_cq`, o.width, o.width)), ck, cv, crossBias);
    x = g.op('Add', [x, g.linear(cross, `dec${l}_co`, o.width, o.width)]);
    x = g.op('Add', [x, g.ffn(g.layerNorm(x, `dec${l}_ln3`), `dec${l}`, o.ffn)]);
    outputs.push(...['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value'].map((p, i) => kvInfo(`present.${l}.${p}`, i < 2 ? 'present_decoder_sequence_length' : S, o.heads, hd)));
  }
  g.op('Identity', [g.linear(g.layerNorm(x, 'dec_final'), 'lm_head', o.width, o.targetVocabulary)], undefined, ['logits']);
  const inputs: OnnxValueInfo[] = [
    { name: 'input_ids', type: 'int64', shape: [B, 'decoder_sequence_length'] },
    { name: 'encoder_attention_mask', type: 'int64', shape: [B, S] },
    ...(withPast ? pastInputs : [{ name: 'encoder_hidden_states', type: 'float' as const, shape: [B, S, o.width] }]),
  ];
  return { graphName: withPast ? 'decoder_with_past' : 'decoder', opset: 17, nodes: g.nodes, initializers: g.initializers, inputs, outputs };
}

/** Writes the shaped export into a new temporary folder and returns it. */
export async function writeShapedIndicTrans2(options: ShapedOptions = {}): Promise<string> {
  const o: Required<ShapedOptions> = { width: 512, layers: 18, heads: 8, ffn: 2048, sourceVocabulary: 32322, targetVocabulary: 122672, ...options };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-en-indic-shaped-'));
  const tokenizerDir = path.join(dir, 'tokenizer-source');
  await writeIndicTrans2Fixture(tokenizerDir, { direction: 'en-indic' });
  for (const name of ['tokenizer_src.json', 'tokenizer_tgt.json', 'generation_config.json']) await copyFile(path.join(tokenizerDir, name), path.join(dir, name));
  await rm(tokenizerDir, { recursive: true, force: true });
  await writeFile(path.join(dir, 'tokenizer_meta.json'), JSON.stringify({ src_dict_size: o.sourceVocabulary, tgt_dict_size: o.targetVocabulary, unk_id: 3 }));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ encoder_layers: o.layers, decoder_layers: o.layers, encoder_embed_dim: o.width, max_source_positions: 256, pad_token_id: 1, shaped: true }));
  for (const [name, build] of [['encoder_model', () => encoderGraph(o)], ['decoder_model', () => decoderGraph(o, false)], ['decoder_with_past_model', () => decoderGraph(o, true)]] as const) {
    const encoded = encodeOnnxModelWithExternalData(build(), `${name}.onnx.data`);
    await writeFile(path.join(dir, `${name}.onnx`), encoded.model);
    await writeFile(path.join(dir, `${name}.onnx.data`), encoded.data);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}
