import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelsCommand } from '../../adapters/cli/models-command.js';
import { makeCtcRecognizerFixture, makeVitsFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/app/logger.js';
import { bzip2File } from '../support/bzip2.js';

let root: string;
let catalogFile: string;
const served = new Map<string, Buffer>();

const fakeFetch: typeof fetch = async (input) => {
  const body = served.get(String(input));
  return body ? new Response(new Uint8Array(body), { headers: { 'content-length': String(body.length) } }) : new Response('not found', { status: 404 });
};

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const config = loadConfig({ MODELS_DIR: path.join(root, 'models'), LOG_LEVEL: 'silent', MODEL_MEMORY_BUDGET: '4GB' });
  const code = await runModelsCommand(argv, config, createLogger('silent'), { stdout, stderr }, { catalogFile, fetch: fakeFetch, freeDiskBytes: async () => 1e12 });
  return { code, out, err };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-cli-'));
  const ctc = await makeCtcRecognizerFixture(path.join(root, 'src-ctc'));
  served.set('https://models.example/ctc/model.onnx', await readFile(ctc.model));
  served.set('https://models.example/ctc/tokens.txt', await readFile(ctc.tokens));
  await makeVitsFixture(path.join(root, 'pkg', 'voice'));
  await tar.c({ file: path.join(root, 'voice.tar'), cwd: path.join(root, 'pkg') }, ['voice']);
  await bzip2File(path.join(root, 'voice.tar'));
  served.set('https://models.example/voice.tar.bz2', await readFile(path.join(root, 'voice.tar.bz2')));

  // The real catalog's GGUF models, with a speech section pointing at the fixtures.
  const real = JSON.parse(await readFile(new URL('../../models/catalog.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const common = { sizeBytes: 20_000, sizeExact: false, estimatedRamBytes: 90_000_000, licenceUrl: 'https://example.org/l', source: 'https://example.org/' };
  real.speech = {
    models: [
      { ...common, id: 'test-ctc', name: 'CTC fixture', kind: 'recognizer', type: 'tdnn', languages: ['hi'], licence: 'MIT', commercialUse: 'yes', files: [{ url: 'https://models.example/ctc/model.onnx', path: 'model.onnx' }, { url: 'https://models.example/ctc/tokens.txt', path: 'tokens.txt' }] },
      { ...common, id: 'test-voice', name: 'VITS fixture', kind: 'voice', type: 'vits', languages: ['hi', 'en'], licence: 'IndicTTS-like', commercialUse: 'no', licenceNotes: 'research only', archive: { url: 'https://models.example/voice.tar.bz2', format: 'tar.bz2' } },
    ],
  };
  catalogFile = path.join(root, 'catalog.json');
  await writeFile(catalogFile, JSON.stringify(real));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('shikshasetu models, for speech models', () => {
  it('lists, pulls, shows which language has recognition and a natural voice, verifies and removes', async () => {
    const before = await run(['list']);
    expect(before.code).toBe(0);
    expect(before.out).toMatch(/test-voice\s+voice\s+hi,en\s+missing\s+20 kB\s+~90 MB\s+yes\s+NO\s+IndicTTS-like/u);
    expect(before.out).toMatch(/ hi {2}recognition: -\s+voice: espeak-ng/u);

    const pulledRecognizer = await run(['pull', 'test-ctc']);
    expect(pulledRecognizer.code).toBe(0);
    expect(pulledRecognizer.out).toMatch(/Installed test-ctc \(recognizer, hi/u);
    const pulledVoice = await run(['pull', 'test-voice']);
    expect(pulledVoice.code).toBe(0);
    expect(pulledVoice.err).toMatch(/NOT cleared for commercial use \(no\)\. research only/u);

    const after = await run(['list']);
    expect(after.out).toMatch(/test-ctc\s+recognizer\s+hi\s+installed/u);
    expect(after.out).toMatch(/ hi {2}recognition: test-ctc\s+voice: test-voice/u);
    expect(after.out).toMatch(/ en {2}recognition: -\s+voice: test-voice/u);
    expect(after.out).toMatch(/ ta {2}recognition: -\s+voice: espeak-ng/u);
    const json = JSON.parse((await run(['list', '--json'])).out) as { speech: { languages: Array<{ language: string; recognizer: string | null; voice: string | null }> } };
    expect(json.speech.languages.find((l) => l.language === 'hi')).toEqual({ language: 'hi', recognizer: 'test-ctc', voice: 'test-voice' });

    expect((await run(['verify'])).out).toMatch(/OK {3}test-ctc \(recognizer, files checked\)/u);
    await appendFile(path.join(root, 'models', 'speech', 'test-ctc', 'tokens.txt'), 'tampered 9\n');
    const verified = await run(['verify', 'test-ctc']);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(/FAIL test-ctc: tokens\.txt changed since it was pulled/u);

    expect((await run(['rm', 'test-voice'])).out).toMatch(/Removed test-voice/u);
    expect((await run(['list'])).out).toMatch(/ hi {2}recognition: test-ctc\s+voice: espeak-ng/u);
  });
});
