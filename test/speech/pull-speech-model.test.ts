import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { makeCtcRecognizerFixture, makeVitsFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import { pullSpeechModel } from '../../src/speech/pull-speech-model.js';
import { loadSpeechCatalog, type SpeechCatalogEntry } from '../../src/speech/speech-catalog.js';
import { SpeechModelStore } from '../../src/speech/speech-model-store.js';
import { bzip2File } from '../support/bzip2.js';
import { startEndlessServer } from '../models/helpers/endless-server.js';
import { startModelServer } from '../models/helpers/model-server.js';
import { isModelPullError, type ModelPullError } from '../../src/models/pull/model-pull-error.js';
import { UNPACK_RATIO } from '../../src/speech/pull-speech-model.js';

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
    await expect(pullSpeechModel(entry({ id: 'missing', files: [{ url: 'https://models.example/nope.onnx', path: 'model.onnx' }] }), { store, fetch: fakeFetch })).rejects.toThrow(/answered HTTP 404/);
    expect(await readdir(store.root)).toEqual([]);
  });

  it('refuses a download far larger than the catalog says', async () => {
    const store = new SpeechModelStore(path.join(root, 'models-d'));
    await expect(
      pullSpeechModel(entry({ id: 'too-big', sizeBytes: 100, files: [{ url: 'https://models.example/ctc/model.onnx', path: 'model.onnx' }] }), { store, fetch: fakeFetch }),
    ).rejects.toThrow(/the server's file is \d+ bytes, more than the 300 the catalog's approximate size allows/);
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
    await expect(pullSpeechModel(entry({ id: 'bad-size', files: [wrongSize], sizeBytes: good.sizeBytes + 1, sizeExact: true }), { store, fetch: fakeFetch })).rejects.toThrow(/bad-size: the server's file is \d+ bytes but the catalog says \d+; not downloading it/);
    expect(await readdir(store.root)).toEqual([]);
  });

  it('checks an archive against its pin before a byte of it is unpacked', async () => {
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

describe('pullSpeechModel against a local HTTP server: the shared download guards', () => {
  const MIB = 1024 * 1024;
  let server: Awaited<ReturnType<typeof startModelServer>>;
  let voice: Buffer;
  let voiceSha: string;
  let bomb: Buffer;
  let padded: Buffer;
  let paddedSha: string;

  beforeAll(async () => {
    voice = served.get('https://models.example/voice.tar.bz2')!;
    voiceSha = createHash('sha256').update(voice).digest('hex');
    // A voice package with 40 MB of zeros beside it: a few hundred bytes packed, far more unpacked.
    const bombPkg = path.join(root, 'bomb-pkg', 'voice-bomb');
    await makeVitsFixture(bombPkg);
    await writeFile(path.join(bombPkg, 'padding.onnx'), Buffer.alloc(40 * MIB));
    await tar.c({ file: path.join(root, 'bomb.tar'), cwd: path.join(root, 'bomb-pkg') }, ['voice-bomb']);
    bomb = await readFile(await bzip2File(path.join(root, 'bomb.tar')));
    // A package big enough to arrive in many chunks: fetch drops chunks still queued when the
    // connection fails, so a one-chunk archive cut mid-way could leave nothing to resume from.
    const paddedPkg = path.join(root, 'padded-pkg', 'voice-padded');
    await makeVitsFixture(paddedPkg);
    await writeFile(path.join(paddedPkg, 'padding.bin'), randomBytes(512 * 1024));
    await tar.c({ file: path.join(root, 'padded.tar'), cwd: path.join(root, 'padded-pkg') }, ['voice-padded']);
    padded = await readFile(await bzip2File(path.join(root, 'padded.tar')));
    paddedSha = createHash('sha256').update(padded).digest('hex');
    server = await startModelServer({
      'voice.tar.bz2': { body: voice },
      'flaky-voice.tar.bz2': { body: padded, cutAfter: Math.floor(padded.length / 3) },
      'bomb.tar.bz2': { body: bomb },
      'ctc/model.onnx': { body: served.get('https://models.example/ctc/model.onnx')! },
      'ctc/tokens.txt': { body: served.get('https://models.example/ctc/tokens.txt')! },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  async function failure(promise: Promise<unknown>): Promise<ModelPullError> {
    const err = await promise.then(() => null, (e: unknown) => e);
    expect(isModelPullError(err), String(err)).toBe(true);
    return err as ModelPullError;
  }

  const voiceEntry = (id: string, file: string, extra: Partial<SpeechCatalogEntry> = {}) =>
    entry({ id, kind: 'voice', archive: { url: server.url(file), format: 'tar.bz2' }, sizeBytes: voice.length, ...extra });
  const pinnedVoice = (id: string, file: string) =>
    voiceEntry(id, file, { archive: { url: server.url(file), format: 'tar.bz2', sizeBytes: voice.length, sha256: voiceSha }, sizeExact: true });
  const roomy = async (): Promise<number> => 1e12;

  it('resumes an interrupted archive download with a range request, then checks the pin and unpacks', async () => {
    const store = new SpeechModelStore(path.join(root, 'guard-resume'));
    const flaky = entry({ id: 'voice-flaky', kind: 'voice', archive: { url: server.url('flaky-voice.tar.bz2'), format: 'tar.bz2', sizeBytes: padded.length, sha256: paddedSha }, sizeBytes: padded.length, sizeExact: true });
    const first = await failure(pullSpeechModel(flaky, { store, freeDiskBytes: roomy }));
    expect(first.code).toBe('interrupted');
    expect(first.message).toMatch(/run the same pull again to resume/u);
    // The bytes so far stay for the next pull; nothing is installed.
    const part = path.join(store.root, '.voice-flaky.part', 'flaky-voice.tar.bz2.part');
    const kept = (await readFile(part)).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(Math.floor(padded.length / 3));
    expect((await store.list()).models).toEqual([]);

    server.requests.length = 0;
    const installed = await pullSpeechModel(flaky, { store, freeDiskBytes: roomy });
    expect(server.requests[0]).toMatchObject({ path: 'flaky-voice.tar.bz2', range: `bytes=${kept}-` });
    expect(server.requests[0]!.ifRange).toMatch(/^"[0-9a-f]+"$/u);
    expect(installed.manifest.checksums).toEqual({ 'flaky-voice.tar.bz2': paddedSha });
    expect(installed.manifest.sizeBytes).toBe(padded.length);
    expect(installed.layout).toMatchObject({ kind: 'voice', type: 'vits' });
    // The part folder is gone once installed.
    expect(await readdir(store.root)).toEqual(['voice-flaky']);
  });

  it('checks the free disk for the archive and what it unpacks to before the first byte, and leaves nothing behind', async () => {
    const store = new SpeechModelStore(path.join(root, 'guard-disk'));
    const margin = 1024;
    // Room for the archive alone, not for the files it unpacks to while it is still on disk.
    const archiveOnly = async () => voice.length + margin + 10;
    server.requests.length = 0;
    const refused = await failure(pullSpeechModel(pinnedVoice('voice-no-room', 'voice.tar.bz2'), { store, freeDiskBytes: archiveOnly, diskMarginBytes: margin }));
    expect(refused.code).toBe('disk-full');
    expect(refused.message).toMatch(/not enough free disk in \S+: [\d.]+ [kMGT]?B needed \([\d.]+ [kMGT]?B to download and 2x the archive, [\d.]+ [kMGT]?B, for what it unpacks to\) plus [\d.]+ [kMGT]?B to spare, [\d.]+ [kMGT]?B free; free some space or set MODELS_DIR to a bigger disk/u);
    expect(server.requests).toEqual([]);
    expect(await readdir(store.root)).toEqual([]);

    // The archive plus UNPACK_RATIO times it fits: installed.
    const enough = async () => voice.length * (1 + UNPACK_RATIO) + margin;
    const installed = await pullSpeechModel(pinnedVoice('voice-no-room', 'voice.tar.bz2'), { store, freeDiskBytes: enough, diskMarginBytes: margin });
    expect(installed.manifest.id).toBe('voice-no-room');
  });

  it('checks the free disk again against the size the server announces, when the catalog only guesses it', async () => {
    const store = new SpeechModelStore(path.join(root, 'guard-disk-announced'));
    const margin = 1024;
    // The catalog guesses a tenth of the real size: its guess fits, the announced archive does not.
    const guessed = Math.ceil(voice.length / 10);
    const free = async () => guessed * (1 + UNPACK_RATIO) + margin + 10;
    const refused = await failure(pullSpeechModel(voiceEntry('voice-guessed', 'voice.tar.bz2', { sizeBytes: guessed, sizeExact: false }), { store, freeDiskBytes: free, diskMarginBytes: margin, sizeFactor: 20 }));
    expect(refused.code).toBe('disk-full');
    expect(await readdir(store.root)).toEqual([]);
  });

  it('stops an archive served with no size at MAX_MODEL_BYTES and keeps no part of it', async () => {
    const endless = await startEndlessServer();
    onTestFinished(() => endless.close());
    const store = new SpeechModelStore(path.join(root, 'guard-endless'));
    const unsized = entry({ id: 'voice-endless', kind: 'voice', archive: { url: endless.url, format: 'tar.bz2' }, sizeBytes: 70_000_000 });
    const err = await failure(pullSpeechModel(unsized, { store, freeDiskBytes: roomy, maxBytes: 3_000_000 }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/^voice-endless: the download passed 3 MB \(MAX_MODEL_BYTES, .*Raise MAX_MODEL_BYTES/u);
    expect(await readdir(store.root)).toEqual([]);
    await vi.waitFor(() => expect(endless.closed()).toBe(true));
    expect(endless.sent()).toBeLessThan(20_000_000);

    // Without MAX_MODEL_BYTES an approximate entry still stops at sizeFactor times its catalog size.
    const small = entry({ id: 'voice-endless-small', kind: 'voice', archive: { url: endless.url, format: 'tar.bz2' }, sizeBytes: 100_000 });
    const capped = await failure(pullSpeechModel(small, { store, freeDiskBytes: roomy }));
    expect(capped.code).toBe('too-large');
    expect(capped.message).toMatch(/the download passed 300 kB, more than the catalog's approximate size allows; stopped and removed/u);
    expect(await readdir(store.root)).toEqual([]);
  });

  it('counts the earlier files of a multi-file model against MAX_MODEL_BYTES, and refuses an announced size over it before its body', async () => {
    const store = new SpeechModelStore(path.join(root, 'guard-files-cap'));
    const model = served.get('https://models.example/ctc/model.onnx')!;
    const files = [{ url: server.url('ctc/model.onnx'), path: 'model.onnx' }, { url: server.url('ctc/tokens.txt'), path: 'tokens.txt' }];
    const err = await failure(pullSpeechModel(entry({ id: 'ctc-capped', files }), { store, freeDiskBytes: roomy, maxBytes: model.length + 10 }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/^ctc-capped: the server's file is \d+ bytes \(\d+ with the files before it\), over MAX_MODEL_BYTES/u);
    expect(await readdir(store.root)).toEqual([]);
  });

  it('refuses an archive that unpacks to more than the room reserved for it, and never writes the files the catalog omits', async () => {
    const store = new SpeechModelStore(path.join(root, 'guard-bomb'));
    const bombEntry = (id: string, omit?: string[]) => entry({ id, kind: 'voice', archive: { url: server.url('bomb.tar.bz2'), format: 'tar.bz2', ...(omit ? { omit } : {}) }, sizeBytes: bomb.length });
    const err = await failure(pullSpeechModel(bombEntry('voice-bomb'), { store, freeDiskBytes: roomy }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/^voice-bomb: the archive unpacks to more than [\d.]+ [kMGT]?B \(2 times its size, the room reserved for it\); refused/u);
    expect(await readdir(store.root)).toEqual([]);

    // The same archive with the padding omitted (as Whisper's float32 copies are): it is skipped
    // while unpacking, so it neither counts against the room nor reaches the disk.
    const installed = await pullSpeechModel(bombEntry('voice-omit', ['padding.onnx']), { store, freeDiskBytes: roomy });
    expect((await readdir(installed.dir)).sort()).toEqual(['model.onnx', 'speech-model.json', 'tokens.txt']);
  });
});
