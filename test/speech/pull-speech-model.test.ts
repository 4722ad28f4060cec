import { createHash } from 'node:crypto';
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
      entry({ id: 'ctc-pulled', preferredFor: ['hi'], files: [{ url: 'https://models.example/ctc/model.onnx', path: 'model.onnx' }, { url: 'https://models.example/ctc/tokens.txt', path: 'tokens.txt' }] }),
      { store, fetch: fakeFetch },
    );
    // The catalog's routing preference travels with the install.
    expect(installed.manifest.preferredFor).toEqual(['hi']);
    expect(installed.layout).toMatchObject({ kind: 'recognizer', type: 'ctc', family: 'tdnn' });
    expect(installed.manifest.checksums?.['model.onnx']).toMatch(/^[0-9a-f]{64}$/);
    expect(installed.manifest.commercialUse).toBe(false);
    const recognizers = await new InstalledSpeechModels({ store }).recognizers();
    expect(recognizers.map((r) => [r.id, r.languages, r.preferredFor])).toEqual([['ctc-pulled', ['hi'], ['hi']]]);
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

describe('pullSpeechModel with a pinned entry', () => {
  const pinned = (url: string) => {
    const body = served.get(url)!;
    return { url, sizeBytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
  };

  it('installs files whose size and SHA-256 are the catalog\'s', async () => {
    const files = [{ ...pinned('https://models.example/ctc/model.onnx'), path: 'model.onnx' }, { ...pinned('https://models.example/ctc/tokens.txt'), path: 'tokens.txt' }];
    const store = new SpeechModelStore(path.join(root, 'models-pin-a'));
    const installed = await pullSpeechModel(entry({ id: 'ctc-pinned', files, sizeBytes: files[0]!.sizeBytes + files[1]!.sizeBytes, sizeExact: true }), { store, fetch: fakeFetch });
    expect(installed.manifest.checksums).toEqual({ 'model.onnx': files[0]!.sha256, 'tokens.txt': files[1]!.sha256 });
  });

  it('refuses a file whose SHA-256 or size is not the catalog\'s, and leaves nothing behind', async () => {
    const store = new SpeechModelStore(path.join(root, 'models-pin-b'));
    const good = pinned('https://models.example/ctc/model.onnx');
    const wrongHash = { ...good, sha256: '0'.repeat(64), path: 'model.onnx' };
    await expect(pullSpeechModel(entry({ id: 'bad-hash', files: [wrongHash], sizeBytes: good.sizeBytes, sizeExact: true }), { store, fetch: fakeFetch })).rejects.toThrow(/model\.onnx has SHA-256 [0-9a-f]{64}, but the catalog pins 0{64}/);
    const wrongSize = { ...good, sizeBytes: good.sizeBytes + 1, path: 'model.onnx' };
    await expect(pullSpeechModel(entry({ id: 'bad-size', files: [wrongSize], sizeBytes: good.sizeBytes + 1, sizeExact: true }), { store, fetch: fakeFetch })).rejects.toThrow(/is \d+ bytes, but the catalog pins/);
    expect(await readdir(store.root)).toEqual([]);
  });

  it('checks an archive after it has streamed through the unpacker', async () => {
    const archive = { ...pinned('https://models.example/voice.tar.bz2'), format: 'tar.bz2' as const };
    const store = new SpeechModelStore(path.join(root, 'models-pin-c'));
    await expect(pullSpeechModel(entry({ id: 'voice-bad', kind: 'voice', archive: { ...archive, sha256: 'f'.repeat(64) }, sizeBytes: archive.sizeBytes, sizeExact: true }), { store, fetch: fakeFetch })).rejects.toThrow(/catalog pins f{64}/);
    expect(await readdir(store.root)).toEqual([]);
    const installed = await pullSpeechModel(entry({ id: 'voice-ok', kind: 'voice', archive, sizeBytes: archive.sizeBytes, sizeExact: true }), { store, fetch: fakeFetch });
    expect(installed.manifest.checksums?.['voice.tar.bz2']).toBe(archive.sha256);
  });
});

describe('the speech section of models/catalog.json', () => {
  const catalogFile = fileURLToPath(new URL('../../models/catalog.json', import.meta.url));

  it('pins every URL to a release or commit, and every entry either records size and SHA-256 or says why not', async () => {
    const catalog = await loadSpeechCatalog(catalogFile);
    for (const model of catalog.models) {
      const parts = [...(model.files ?? []), ...(model.archive ? [model.archive] : [])];
      for (const part of parts) expect(part.url).not.toMatch(/\/(main|master)\//u);
      if (model.unverified === undefined) {
        for (const part of parts) {
          expect(part.sha256).toMatch(/^[0-9a-f]{64}$/u);
          expect(part.sizeBytes).toBeGreaterThan(0);
        }
        expect(model.sizeExact).toBe(true);
      }
    }
    const pinnedIds = catalog.models.filter((m) => m.unverified === undefined).map((m) => m.id);
    expect(pinnedIds).toEqual(expect.arrayContaining(['whisper-tiny', 'whisper-base', 'whisper-small', 'silero-vad', 'vits-piper-en-us-ljspeech-medium']));
    for (const whisper of catalog.models.filter((m) => m.type === 'whisper')) expect(whisper.requires).toEqual(['silero-vad']);
  });

  it('refuses a branch URL, an entry with neither checksums nor a reason, and a requirement it does not list', async () => {
    const raw = JSON.parse(await readFile(catalogFile, 'utf8')) as { speech: { models: Array<Record<string, unknown>> } };
    const attempt = async (change: (models: Array<Record<string, unknown>>) => void) => {
      const copy = structuredClone(raw);
      change(copy.speech.models);
      const file = path.join(root, `catalog-${Math.random().toString(36).slice(2)}.json`);
      await writeFile(file, JSON.stringify(copy));
      return loadSpeechCatalog(file).then(() => 'loaded', (err: Error) => err.message);
    };
    const vad = (models: Array<Record<string, unknown>>) => models.find((m) => m.id === 'silero-vad')! as { files: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(await attempt((m) => (vad(m).files[0]!.url = 'https://huggingface.co/x/y/resolve/main/silero_vad.onnx'))).toMatch(/never a branch/);
    expect(await attempt((m) => delete vad(m).files[0]!.sha256)).toMatch(/needs sizeBytes and sha256, or the entry says why it is unverified/);
    expect(await attempt((m) => (m.find((e) => e.id === 'whisper-base')!.requires = ['no-such-vad']))).toMatch(/requires no-such-vad, which the catalog does not list/);
  });


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
