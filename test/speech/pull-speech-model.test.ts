import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCtcRecognizerFixture, makeVitsFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import { pullSpeechModel } from '../../src/speech/pull-speech-model.js';
import { loadSpeechCatalog, type SpeechCatalogEntry } from '../../src/speech/speech-catalog.js';
import { SpeechModelStore } from '../../src/speech/speech-model-store.js';
import { bzip2File } from '../support/bzip2.js';

let root: string;
const served = new Map<string, Buffer>();
const requested: string[] = [];

/** The network, as pull sees it: a fetch that serves files from memory (and 404s the rest). */
const fakeFetch: typeof fetch = async (input) => {
  const url = String(input);
  requested.push(url);
  const body = served.get(url);
  if (!body) return new Response('not found', { status: 404 });
  return new Response(new Uint8Array(body), { headers: { 'content-length': String(body.length) } });
};

function entry(overrides: Partial<SpeechCatalogEntry>): SpeechCatalogEntry {
  return {
    id: 'x',
    name: 'x',
    kind: 'recognizer',
    type: 'test',
    languages: ['hi'],
    sizeBytes: 10_000,
    sizeExact: false,
    estimatedRamBytes: 1,
    licence: 'test',
    licenceUrl: 'https://example.org/licence',
    commercialUse: 'no',
    source: 'https://example.org/',
    ...overrides,
  } as SpeechCatalogEntry;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-pull-'));
  const ctc = await makeCtcRecognizerFixture(path.join(root, 'src-ctc'));
  served.set('https://models.example/ctc/model.onnx', await readFile(ctc.model));
  served.set('https://models.example/ctc/tokens.txt', await readFile(ctc.tokens));

  // A voice package laid out like sherpa-onnx's: one top folder, sample audio, and (hostile) a symlink out.
  const pkg = path.join(root, 'pkg', 'vits-fixture-voice');
  await makeVitsFixture(pkg);
  await mkdir(path.join(pkg, 'test_wavs'));
  await writeFile(path.join(pkg, 'test_wavs', '0.wav'), Buffer.alloc(1000));
  await symlink('/etc/passwd', path.join(pkg, 'escape'));
  const tarFile = path.join(root, 'voice.tar');
  await tar.c({ file: tarFile, cwd: path.join(root, 'pkg') }, ['vits-fixture-voice']);
  await bzip2File(tarFile);
  served.set('https://models.example/voice.tar.bz2', await readFile(`${tarFile}.bz2`));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pullSpeechModel', () => {
  it('fetches a model file by file, checks what it is, and installs it with checksums', async () => {
    const store = new SpeechModelStore(path.join(root, 'models-a'));
    const installed = await pullSpeechModel(
      entry({ id: 'ctc-pulled', files: [{ url: 'https://models.example/ctc/model.onnx', path: 'model.onnx' }, { url: 'https://models.example/ctc/tokens.txt', path: 'tokens.txt' }] }),
      { store, fetch: fakeFetch },
    );
    expect(installed.layout).toMatchObject({ kind: 'recognizer', type: 'ctc', family: 'tdnn' });
    expect(installed.manifest.checksums?.['model.onnx']).toMatch(/^[0-9a-f]{64}$/);
    expect(installed.manifest.commercialUse).toBe(false);
    const recognizers = await new InstalledSpeechModels({ store }).recognizers();
    expect(recognizers.map((r) => [r.id, r.languages])).toEqual([['ctc-pulled', ['hi']]]);
    // Installed once: a second pull is refused rather than overwriting.
    await expect(pullSpeechModel(entry({ id: 'ctc-pulled', files: [{ url: 'https://models.example/ctc/model.onnx', path: 'model.onnx' }] }), { store, fetch: fakeFetch })).rejects.toThrow(/already installed/);
  });

  it('unpacks a tar.bz2 voice package, keeping only plain files inside the model folder', async () => {
    const store = new SpeechModelStore(path.join(root, 'models-b'));
    const installed = await pullSpeechModel(entry({ id: 'voice-pulled', kind: 'voice', archive: { url: 'https://models.example/voice.tar.bz2', format: 'tar.bz2' } }), { store, fetch: fakeFetch });
    expect(installed.layout).toMatchObject({ kind: 'voice', type: 'vits', sampleRate: 22_050 });
    const files = await readdir(installed.dir);
    expect(files.sort()).toEqual(['model.onnx', 'speech-model.json', 'tokens.txt']);
  });

  it('leaves nothing behind when the files are not the kind the catalog says, or are missing', async () => {
    const store = new SpeechModelStore(path.join(root, 'models-c'));
    await expect(
      pullSpeechModel(entry({ id: 'not-a-voice', kind: 'voice', files: [{ url: 'https://models.example/ctc/model.onnx', path: 'model.onnx' }, { url: 'https://models.example/ctc/tokens.txt', path: 'tokens.txt' }] }), { store, fetch: fakeFetch }),
    ).rejects.toThrow(/catalog says voice but the files are a recognizer/);
    await expect(pullSpeechModel(entry({ id: 'missing', files: [{ url: 'https://models.example/nope.onnx', path: 'model.onnx' }] }), { store, fetch: fakeFetch })).rejects.toThrow(/answered 404/);
    expect(await readdir(store.root)).toEqual([]);
  });

  it('refuses a download far larger than the catalog says', async () => {
    const store = new SpeechModelStore(path.join(root, 'models-d'));
    await expect(
      pullSpeechModel(entry({ id: 'too-big', sizeBytes: 100, files: [{ url: 'https://models.example/ctc/model.onnx', path: 'model.onnx' }] }), { store, fetch: fakeFetch }),
    ).rejects.toThrow(/more than the 300 allowed/);
  });
});

describe('the speech section of models/catalog.json', () => {
  it('parses, names https sources, and flags every voice whose licence is not cleared for commercial use', async () => {
    const catalog = await loadSpeechCatalog(fileURLToPath(new URL('../../models/catalog.json', import.meta.url)));
    const ids = catalog.models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['whisper-base', 'silero-vad', 'vits-piper-hi-in-pratham-medium']));
    for (const model of catalog.models) {
      for (const url of [...(model.files ?? []).map((f) => f.url), ...(model.archive ? [model.archive.url] : [])]) expect(url).toMatch(/^https:\/\//);
      if (model.commercialUse !== 'yes') expect(model.licenceNotes ?? '').not.toBe('');
    }
    expect(catalog.models.filter((m) => m.languages.includes('hi') && m.kind === 'voice').every((m) => m.commercialUse !== 'yes')).toBe(true);
  });
});
