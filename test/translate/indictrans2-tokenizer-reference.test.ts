import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportTokenizerJson } from '../../scripts/check/export-tokenizer-json.js';
import { IndicTrans2Tokenizer } from '../../src/translate/indictrans2/indictrans2-tokenizer.js';

/**
 * Known sentences against the ids IndicTrans2's reference tokenizer gives them. The fixtures are
 * excerpts of the real model.SRC / dict.SRC.json (MIT): the pieces these sentences are built from,
 * with their SentencePiece scores and dictionary ids, and the ids SentencePiece itself produced
 * (`npm run check:indictrans2-tokenizer -- DIR --write-fixture FILE` wrote them; the same command
 * checks the whole vocabulary). BPE builds a piece only from its parts, so on the excerpt it takes
 * the same merges as on the whole vocabulary.
 */
interface Fixture {
  dictSize: number;
  pieces: Array<[string, number, number]>;
  dict: Record<string, number>;
  cases: Array<{ line: string; ids: number[] }>;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tokenizerFor(name: string): Promise<{ tokenizer: IndicTrans2Tokenizer; fixture: Fixture }> {
  const fixture = JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Fixture;
  const pieces = fixture.pieces.map(([piece, score, type]) => ({ piece, score, type }));
  const json = exportTokenizerJson(pieces, fixture.dict, { dictSize: fixture.dictSize });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-it2-ref-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'tokenizer_src.json'), JSON.stringify(json));
  await writeFile(path.join(dir, 'tokenizer_tgt.json'), JSON.stringify(json));
  await writeFile(path.join(dir, 'tokenizer_meta.json'), JSON.stringify({ src_dict_size: fixture.dictSize, tgt_dict_size: fixture.dictSize, unk_id: fixture.dict['<unk>'] }));
  return { tokenizer: await IndicTrans2Tokenizer.load(dir), fixture };
}

describe('the IndicTrans2 tokenizer against the reference ids', () => {
  it('encodes English source lines (en-indic model.SRC) to the ids SentencePiece and dict.SRC.json give', async () => {
    const { tokenizer, fixture } = await tokenizerFor('indictrans2-en-indic-source-tokens.json');
    expect(fixture.cases.length).toBeGreaterThanOrEqual(5);
    for (const c of fixture.cases) expect(tokenizer.encodeSource(c.line), c.line).toEqual(c.ids);
  });

  it('encodes Devanagari-unified and Urdu lines (indic-en model.SRC), the zero width joiner kept as SentencePiece keeps it', async () => {
    const { tokenizer, fixture } = await tokenizerFor('indictrans2-indic-en-source-tokens.json');
    const joiner = fixture.cases.find((c) => c.line.includes('\u200d'));
    expect(joiner?.ids).toContain(fixture.dict['\u200d']);
    for (const c of fixture.cases) expect(tokenizer.encodeSource(c.line), c.line).toEqual(c.ids);
  });
});
