/**
 * Checks our IndicTrans2 tokenizer against the reference on the real tokenizer files:
 *
 *   npm run check:indictrans2-tokenizer -- DIR [--write-fixture FILE]
 *
 * DIR holds IndicTrans2's SentencePiece model and fairseq dictionary for the source side
 * (model.SRC, dict.SRC.json: an IndicTrans2 Hugging Face repository, an export bundle, or
 * IndicTransToolkit's IndicTransTokenizer/<direction>/ folder). The reference ids are computed as
 * IndicTransToolkit's tokenizer does: the two language tags looked up in the dictionary, the rest
 * encoded by SentencePiece itself (its C++ compiled to WebAssembly, @sctg/sentencepiece-js), each
 * piece looked up in the dictionary (<unk> when absent), </s> appended. Ours is
 * IndicTrans2Tokenizer on the export's tokenizer JSON: DIR's own tokenizer_src.json when it has one
 * (a real export bundle), else one built from model.SRC and dict.SRC.json by the export's recipe.
 * Prints one line per sentence and exits 1 on any difference. --write-fixture also writes the
 * small excerpt test/translate/indictrans2-tokenizer-reference.test.ts checks in `npm test`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SentencePieceProcessor } from '@sctg/sentencepiece-js';
import { IndicTrans2Tokenizer } from '../../src/translate/indictrans2/indictrans2-tokenizer.js';
import { exportTokenizerJson } from './export-tokenizer-json.js';
import { parseSentencePieceModel } from './sentencepiece-proto.js';

/** English source lines for an en-indic source model (tags, then the text as our preprocessing leaves it). */
const ENGLISH = [
  'eng_Latn hin_Deva The school will be closed tomorrow because of heavy rain .',
  'eng_Latn tam_Taml Fees of < ID1 > are due on < ID2 > ; see < ID3 > or write to < ID4 >',
  'eng_Latn ben_Beng Parents should sign the report card and return it by Monday .',
  'eng_Latn urd_Arab " Don \'t forget " , said the headmaster - the exam starts at < ID1 > !',
  // Normalisation: full-width letters, the fi ligature, a no-break space, a soft hyphen, an emoji.
  'eng_Latn mar_Deva Ｓｃｈｏｏｌ ﬁle no\u00a0change co\u00adoperate 🙂 done',
];
/** Indian-language source lines for an indic-en source model, after script unification to Devanagari. */
const INDIC = [
  'hin_Deva eng_Latn भारी बारिश के कारण विद्यालय कल बंद रहेगा ।',
  'mar_Deva eng_Latn पालकांनी शुल्क < ID1 > पर्यंत भरावे .',
  // Tamil and Bengali after conversion to Devanagari, as the model was trained.
  'tam_Taml eng_Latn कनमऴै कारणमाक पळ्ळि नाळै मूटप्पटुम् .',
  'ben_Beng eng_Latn आगामीकाल स्कुल बन्ध थाकबे ।',
  'urd_Arab eng_Latn کل اسکول بند رہے گا ۔',
  // Normalisation: a precomposed nukta letter (U+0958) and the same letter decomposed, ZWNJ and ZWJ.
  'hin_Deva eng_Latn \u0958ानून \u0915\u093cानून क्\u200Cष क्\u200Dष',
];

/**
 * Every character @huggingface/tokenizers' Precompiled normaliser treats specially (it drops
 * controls and turns spaces into " " instead of reading SentencePiece's map), and U+FF5E, which it
 * keeps out of NFKC: each is put between two letters and the line compared like a sentence.
 */
const SPECIAL_CHARACTERS = [
  ...range(0x01, 0x08), 0x0b, ...range(0x0e, 0x1f), 0x7f, 0x8f, 0x9f,
  0x09, 0x0a, 0x0c, 0x0d, 0xa0, 0x1680, ...range(0x2000, 0x200f), 0x2028, 0x2029, 0x202f, 0x205f, 0x2581, 0x3000, 0xfeff, 0xfffd, 0xff5e,
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Target-side text for the decoding check: Hindi for an en-indic model's model.TGT, English for indic-en's. */
const HINDI_TARGET = ['भारी बारिश के कारण विद्यालय कल बंद रहेगा।', 'अभिभावक समय पर शुल्क जमा करें, धन्यवाद!', 'परीक्षा 15 मार्च से शुरू होगी।'];
const ENGLISH_TARGET = ['The school will be closed tomorrow because of heavy rain.', "Don't forget: fees are due on Monday!", 'Exams start on 15 March.'];

interface Case {
  line: string;
  pieces: string[];
  ids: number[];
}

async function main(argv: string[]): Promise<number> {
  const dir = argv.find((a) => !a.startsWith('--'));
  const fixtureAt = argv.indexOf('--write-fixture');
  const fixtureFile = fixtureAt >= 0 ? argv[fixtureAt + 1] : undefined;
  if (!dir) {
    process.stderr.write('usage: npm run check:indictrans2-tokenizer -- DIR [--write-fixture FILE]\n');
    return 2;
  }
  const modelBytes = await readFile(path.join(dir, 'model.SRC'));
  const dict = JSON.parse(await readFile(path.join(dir, 'dict.SRC.json'), 'utf8')) as Record<string, number>;
  const spm = parseSentencePieceModel(modelBytes);
  process.stdout.write(`${dir}: SentencePiece model type ${spm.modelType === 2 ? 'BPE' : spm.modelType}, ${spm.pieces.length} pieces, normaliser ${spm.normalizerName} (precompiled map ${spm.precompiledCharsmapBytes} bytes); dictionary ${Object.keys(dict).length} entries\n`);

  const reference = new SentencePieceProcessor();
  await reference.load(path.join(dir, 'model.SRC'));
  const unk = dict['<unk>']!;
  const referenceCase = (line: string): Case => {
    const [src, tgt, ...rest] = line.split(' ');
    const pieces = reference.encodePieces(rest.join(' '));
    return { line, pieces, ids: [dict[src!]!, dict[tgt!]!, ...pieces.map((p) => dict[p] ?? unk), dict['</s>']!] };
  };
  const english = /^\u2581?[a-z]/u.test(spm.pieces[5]?.piece ?? '');
  const cases = (english ? ENGLISH : INDIC).map(referenceCase);
  const tags = (english ? ENGLISH : INDIC)[0]!.split(' ').slice(0, 2).join(' ');
  const [a, b] = english ? ['a', 'b'] : ['क', 'ख'];
  const probes = SPECIAL_CHARACTERS.map((cp) => referenceCase(`${tags} ${a}${String.fromCodePoint(cp)}${b}`));

  const work = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-it2-tok-'));
  try {
    const ownJson = path.join(dir, 'tokenizer_src.json');
    const source = existsSync(ownJson) ? JSON.parse(await readFile(ownJson, 'utf8')) : exportTokenizerJson(spm.pieces, dict);
    process.stdout.write(`ours: IndicTrans2Tokenizer on ${existsSync(ownJson) ? ownJson : 'a tokenizer JSON built from model.SRC + dict.SRC.json by the export\'s recipe'}\n`);
    await writeFile(path.join(work, 'tokenizer_src.json'), JSON.stringify(source));
    await writeFile(path.join(work, 'tokenizer_tgt.json'), JSON.stringify(source));
    await writeFile(path.join(work, 'tokenizer_meta.json'), JSON.stringify({ src_dict_size: Object.keys(dict).length, tgt_dict_size: Object.keys(dict).length, unk_id: unk }));
    const ours = await IndicTrans2Tokenizer.load(work);
    let differences = 0;
    for (const c of cases) {
      const got = ours.encodeSource(c.line);
      const same = got.length === c.ids.length && got.every((id, i) => id === c.ids[i]);
      if (!same) differences++;
      process.stdout.write(`${same ? 'SAME' : 'DIFF'}  ${JSON.stringify(c.line)}\n      reference ${JSON.stringify(c.ids)}${same ? '' : `\n      ours      ${JSON.stringify(got)}\n      pieces    ${JSON.stringify(c.pieces)}`}\n`);
    }
    process.stdout.write(`${cases.length - differences}/${cases.length} sentences encode to the reference ids\n`);
    let characterDifferences = 0;
    for (const probe of probes) {
      const got = ours.encodeSource(probe.line);
      if (got.length === probe.ids.length && got.every((id, i) => id === probe.ids[i])) continue;
      characterDifferences++;
      const cp = probe.line.codePointAt(tags.length + 2)!.toString(16).toUpperCase().padStart(4, '0');
      process.stdout.write(`DIFF  U+${cp} between two letters: reference ${JSON.stringify(probe.ids)} (pieces ${JSON.stringify(probe.pieces)}), ours ${JSON.stringify(got)}\n`);
    }
    process.stdout.write(`${probes.length - characterDifferences}/${probes.length} special characters (controls, spaces, joiners, U+FF5E) normalise as SentencePiece's nmt_nfkc map does\n`);
    differences += characterDifferences;
    differences += await checkTarget(dir, english ? HINDI_TARGET : ENGLISH_TARGET, work);
    if (fixtureFile) await writeFixture(fixtureFile, dir, spm.pieces, dict, cases);
    return differences === 0 ? 0 : 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The target side, when DIR has model.TGT and dict.TGT.json: text SentencePiece encodes, turned
 * into dictionary ids as the model would emit them, must decode with ours (DIR's tokenizer_tgt.json
 * or one built by the export's recipe) to what SentencePiece decodes it to. Returns the differences.
 */
async function checkTarget(dir: string, texts: string[], work: string): Promise<number> {
  if (!existsSync(path.join(dir, 'model.TGT')) || !existsSync(path.join(dir, 'dict.TGT.json'))) {
    process.stdout.write('no model.TGT / dict.TGT.json: target-side decoding not checked\n');
    return 0;
  }
  const dict = JSON.parse(await readFile(path.join(dir, 'dict.TGT.json'), 'utf8')) as Record<string, number>;
  const spm = parseSentencePieceModel(await readFile(path.join(dir, 'model.TGT')));
  const reference = new SentencePieceProcessor();
  await reference.load(path.join(dir, 'model.TGT'));
  const ownJson = path.join(dir, 'tokenizer_tgt.json');
  const target = existsSync(ownJson) ? JSON.parse(await readFile(ownJson, 'utf8')) : exportTokenizerJson(spm.pieces, dict);
  await writeFile(path.join(work, 'tokenizer_tgt.json'), JSON.stringify(target));
  const meta = JSON.parse(await readFile(path.join(work, 'tokenizer_meta.json'), 'utf8')) as Record<string, number>;
  await writeFile(path.join(work, 'tokenizer_meta.json'), JSON.stringify({ ...meta, tgt_dict_size: Object.keys(dict).length }));
  const ours = await IndicTrans2Tokenizer.load(work);
  let differences = 0;
  for (const text of texts) {
    const expected = reference.decodeIds(Int32Array.from(reference.encodeIds(text))) as string;
    const ids = reference.encodePieces(text).map((p) => dict[p] ?? dict['<unk>']!);
    const got = ours.decodeTarget([...ids, dict['</s>']!]);
    const same = got === expected;
    if (!same) differences++;
    process.stdout.write(`${same ? 'SAME' : 'DIFF'}  decode ${JSON.stringify(expected)}${same ? '' : ` ours ${JSON.stringify(got)}`}\n`);
  }
  process.stdout.write(`${texts.length - differences}/${texts.length} target lines decode as SentencePiece decodes them\n`);
  return differences;
}

/**
 * The excerpt a unit test needs: the cases and every vocabulary piece that is a part of a piece
 * they use (BPE only ever builds a piece from its parts, so on this excerpt it takes the same
 * merges as on the whole vocabulary), with their SentencePiece scores and dictionary ids.
 */
async function writeFixture(file: string, dir: string, pieces: ReturnType<typeof parseSentencePieceModel>['pieces'], dict: Record<string, number>, cases: Case[]): Promise<void> {
  const used = new Set(cases.flatMap((c) => c.pieces));
  const keep = pieces.filter(({ piece }) => piece.length > 0 && [...used].some((u) => u.includes(piece)));
  const tags = new Set(cases.flatMap((c) => c.line.split(' ').slice(0, 2)));
  const entries = [...new Set(['<s>', '<pad>', '</s>', '<unk>', ...tags, ...keep.map((p) => p.piece)])].filter((t) => t in dict);
  const fixture = {
    source: `derived from ${path.basename(path.resolve(dir))}/model.SRC and dict.SRC.json of IndicTrans2 (AI4Bharat, MIT licence; here as IndicTransToolkit vendored them in IndicTransTokenizer/ at commit aea2e5c); reference ids computed by SentencePiece (WebAssembly build) as IndicTransToolkit's tokenizer does`,
    dictSize: Object.keys(dict).length,
    pieces: keep.map((p) => [p.piece, p.score, p.type]),
    dict: Object.fromEntries(entries.map((t) => [t, dict[t]!])),
    cases: cases.map((c) => ({ line: c.line, ids: c.ids })),
  };
  // One array element per line: small diffs when the fixture is rewritten.
  const lines = Object.entries(fixture).map(([key, value]) => {
    if (Array.isArray(value)) return `  ${JSON.stringify(key)}: [\n${value.map((v) => `    ${JSON.stringify(v)}`).join(',\n')}\n  ]`;
    return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  });
  await writeFile(file, `{\n${lines.join(',\n')}\n}\n`);
  process.stdout.write(`wrote ${file}: ${keep.length} pieces, ${cases.length} cases\n`);
}

process.exitCode = await main(process.argv.slice(2));
