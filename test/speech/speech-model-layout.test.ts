import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCtcRecognizerFixture, makeVadFixture, makeVitsFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { encodeOnnxModel } from '../../scripts/fixtures/write-onnx.js';
import { readOnnxMetadata } from '../../src/speech/onnx-metadata.js';
import { detectSpeechModel } from '../../src/speech/speech-model-layout.js';

let root: string;

/** An ONNX file with the metadata a real export carries and a trivial graph: enough for detection. */
async function onnxWithMetadata(file: string, metadata: Record<string, string | number>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    encodeOnnxModel({
      graphName: 'g',
      nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
      inputs: [{ name: 'x', type: 'float', shape: ['N'] }],
      outputs: [{ name: 'y', type: 'float', shape: ['N'] }],
      metadata,
    }),
  );
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-layout-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('readOnnxMetadata', () => {
  it('reads metadata_props without loading the model, and rejects what is no ModelProto', async () => {
    const fixture = await makeCtcRecognizerFixture(path.join(root, 'meta'));
    const meta = await readOnnxMetadata(fixture.model);
    expect(meta?.get('model_type')).toBe('tdnn');
    expect(meta?.get('vocab_size')).toBe('5');

    const truncated = path.join(root, 'meta', 'truncated.onnx');
    const { readFile } = await import('node:fs/promises');
    await writeFile(truncated, (await readFile(fixture.model)).subarray(0, 100));
    expect(await readOnnxMetadata(truncated)).toBeNull();
    const text = path.join(root, 'meta', 'text.onnx');
    await writeFile(text, 'hello, this is not protobuf at all');
    expect(await readOnnxMetadata(text)).toBeNull();
  });
});

describe('detectSpeechModel', () => {
  it('tells the fixture recogniser, voice and VAD apart', async () => {
    await makeCtcRecognizerFixture(path.join(root, 'ctc'));
    await makeVitsFixture(path.join(root, 'vits'));
    await makeVadFixture(path.join(root, 'vad'));
    expect(await detectSpeechModel(path.join(root, 'ctc'))).toMatchObject({ kind: 'recognizer', type: 'ctc', family: 'tdnn' });
    expect(await detectSpeechModel(path.join(root, 'vits'))).toMatchObject({ kind: 'voice', type: 'vits', sampleRate: 22_050 });
    expect(await detectSpeechModel(path.join(root, 'vad'))).toMatchObject({ kind: 'vad', type: 'silero' });
  });

  it("recognises a Whisper package by its files and metadata, preferring int8, with Whisper's languages", async () => {
    const dir = path.join(root, 'whisper');
    const encoderMeta = { model_type: 'whisper-tiny', is_multilingual: 1, n_mels: 80, all_language_codes: 'en,zh,de,hi,ta,te' };
    for (const name of ['tiny-encoder.onnx', 'tiny-encoder.int8.onnx']) await onnxWithMetadata(path.join(dir, name), encoderMeta);
    for (const name of ['tiny-decoder.onnx', 'tiny-decoder.int8.onnx']) await onnxWithMetadata(path.join(dir, name), {});
    await writeFile(path.join(dir, 'tiny-tokens.txt'), 'a 0\n');
    const layout = await detectSpeechModel(dir);
    expect(layout).toMatchObject({ kind: 'recognizer', type: 'whisper', multilingual: true, languages: ['en', 'zh', 'de', 'hi', 'ta', 'te'] });
    expect(layout.kind === 'recognizer' && layout.type === 'whisper' && path.basename(layout.encoder)).toBe('tiny-encoder.int8.onnx');
  });

  it('recognises NeMo transducers and CTC models from their model_type', async () => {
    const rnnt = path.join(root, 'rnnt');
    await onnxWithMetadata(path.join(rnnt, 'encoder.int8.onnx'), { model_type: 'EncDecRNNTBPEModel' });
    await onnxWithMetadata(path.join(rnnt, 'decoder.int8.onnx'), {});
    await onnxWithMetadata(path.join(rnnt, 'joiner.int8.onnx'), {});
    await writeFile(path.join(rnnt, 'tokens.txt'), '<blk> 0\n');
    expect(await detectSpeechModel(rnnt)).toMatchObject({ type: 'nemo-transducer' });

    const nemo = path.join(root, 'nemo-ctc');
    await onnxWithMetadata(path.join(nemo, 'model.int8.onnx'), { model_type: 'EncDecCTCModelBPE', vocab_size: 1025 });
    await writeFile(path.join(nemo, 'tokens.txt'), '<blk> 0\n');
    expect(await detectSpeechModel(nemo)).toMatchObject({ type: 'ctc', family: 'nemoCtc' });
  });

  it('requires what each kind needs: tokens, espeak-ng data for a Piper voice', async () => {
    const noTokens = path.join(root, 'no-tokens');
    await onnxWithMetadata(path.join(noTokens, 'model.onnx'), { model_type: 'wenet_ctc' });
    await expect(detectSpeechModel(noTokens)).rejects.toThrow(/no tokens\.txt/);

    const piper = path.join(root, 'piper');
    await onnxWithMetadata(path.join(piper, 'hi_IN-pratham-medium.onnx'), { sample_rate: 22050, n_speakers: 1, language: 'Hindi', comment: 'piper' });
    await writeFile(path.join(piper, 'tokens.txt'), '_ 0\n');
    await expect(detectSpeechModel(piper)).rejects.toThrow(/espeak-ng-data/);
    await mkdir(path.join(piper, 'espeak-ng-data'));
    await writeFile(path.join(piper, 'espeak-ng-data', 'phontab'), '');
    expect(await detectSpeechModel(piper)).toMatchObject({ kind: 'voice', dataDir: path.join(piper, 'espeak-ng-data'), language: 'Hindi' });

    const unknown = path.join(root, 'unknown');
    await onnxWithMetadata(path.join(unknown, 'model.onnx'), { model_type: 'something-else' });
    await writeFile(path.join(unknown, 'tokens.txt'), 'a 0\n');
    await expect(detectSpeechModel(unknown)).rejects.toThrow(/no speech model type/);
  });
});
