import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { runModelsCommand } from '../../adapters/cli/models-command.js';
import { makeCtcRecognizerFixture, makeVadFixture, makeVitsFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { createHash } from 'node:crypto';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { bzip2File } from '../support/bzip2.js';
import { startEndlessServer } from '../models/helpers/endless-server.js';
import { capturedIo } from '../support/captured-io.js';

let root: string;
let catalogFile: string;
const served = new Map<string, Buffer>();

const fakeFetch: typeof fetch = async (input) => {
  const body = served.get(String(input));
  return body ? new Response(new Uint8Array(body), { headers: { 'content-length': String(body.length) } }) : new Response('not found', { status: 404 });
};

interface Overrides {
  /** MAX_MODEL_BYTES, set the way a user sets it: in the environment. */
  maxModelBytes?: number;
  freeDiskBytes?: number;
  /** Where a URL's requests go instead of the in-memory files. */
  route?: (url: string) => string | undefined;
}

async function run(argv: string[], overrides: Overrides = {}): Promise<{ code: number; out: string; err: string }> {
  const io = capturedIo();
  const { stdout, stderr } = io;
  const config = loadConfig({ MODELS_DIR: path.join(root, 'models'), LOG_LEVEL: 'silent', MODEL_MEMORY_BUDGET: '4GB', ...(overrides.maxModelBytes ? { MAX_MODEL_BYTES: String(overrides.maxModelBytes) } : {}) });
  const routed: typeof fetch = async (input, init) => {
    const elsewhere = overrides.route?.(String(input));
    return elsewhere ? fetch(elsewhere, init) : fakeFetch(input, init);
  };
  const code = await runModelsCommand(argv, config, createLogger('silent'), { stdout, stderr }, { catalogFile, fetch: routed, freeDiskBytes: async () => overrides.freeDiskBytes ?? 1e12 });
  return { code, out: io.out(), err: io.err() };
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

  const vad = await readFile((await makeVadFixture(path.join(root, 'src-vad'))).model);
  served.set('https://models.example/vad/silero_vad.onnx', vad);
  const pin = (url: string) => ({ url, sizeBytes: served.get(url)!.length, sha256: createHash('sha256').update(served.get(url)!).digest('hex') });

  // The real catalog's GGUF models, with a speech section pointing at the fixtures.
  const real = JSON.parse(await readFile(new URL('../../models/catalog.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const common = { sizeBytes: 20_000, sizeExact: false, estimatedRamBytes: 90_000_000, licenceUrl: 'https://example.org/l', source: 'https://example.org/' };
  real.speech = {
    models: [
      { ...common, id: 'test-ctc', name: 'CTC fixture', kind: 'recognizer', type: 'tdnn', languages: ['hi'], licence: 'MIT', commercialUse: 'yes', unverified: 'fixture files', files: [{ url: 'https://models.example/ctc/model.onnx', path: 'model.onnx' }, { url: 'https://models.example/ctc/tokens.txt', path: 'tokens.txt' }] },
      { ...common, id: 'test-voice', name: 'VITS fixture', kind: 'voice', type: 'vits', languages: ['hi', 'en'], licence: 'IndicTTS-like', commercialUse: 'no', licenceNotes: 'research only', unverified: 'fixture archive', archive: { url: 'https://models.example/voice.tar.bz2', format: 'tar.bz2' } },
      {
        ...common,
        id: 'test-ctc-pinned',
        name: 'CTC fixture, pinned, needing the VAD',
        kind: 'recognizer',
        type: 'tdnn',
        languages: ['ta'],
        licence: 'MIT',
        commercialUse: 'yes',
        files: [{ ...pin('https://models.example/ctc/model.onnx'), path: 'model.onnx' }, { ...pin('https://models.example/ctc/tokens.txt'), path: 'tokens.txt' }],
        sizeBytes: served.get('https://models.example/ctc/model.onnx')!.length + served.get('https://models.example/ctc/tokens.txt')!.length,
        sizeExact: true,
        requires: ['test-vad'],
      },
      // Sized like the catalog's unverified voices (~70 MB): MAX_MODEL_BYTES, not the catalog size, bounds it first.
      { ...common, id: 'test-voice-large', name: 'VITS, large', kind: 'voice', type: 'vits', languages: ['ta'], licence: 'MIT', commercialUse: 'yes', unverified: 'fixture archive', archive: { url: 'https://models.example/large-voice.tar.bz2', format: 'tar.bz2' }, sizeBytes: 70_000_000 },
      { ...common, id: 'test-vad', name: 'VAD fixture', kind: 'vad', type: 'silero-vad', languages: [], licence: 'MIT', commercialUse: 'yes', files: [{ ...pin('https://models.example/vad/silero_vad.onnx'), path: 'silero_vad.onnx' }], sizeBytes: vad.length, sizeExact: true },
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
    // Said before any byte is fetched: the first line after the "Pulling" line.
    expect(pulledRecognizer.err.split('\n')[1]).toMatch(/^UNVERIFIED: the catalog records no size and SHA-256 for test-ctc \(fixture files\)/u);
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

  it('a pinned recogniser pulls the VAD it needs first, and both are checked against the catalog', async () => {
    const pulled = await run(['pull', 'test-ctc-pinned']);
    expect(pulled.code).toBe(0);
    expect(pulled.err).toMatch(/test-ctc-pinned needs test-vad \(VAD fixture\): pulling it first\.\nPulling test-vad/u);
    expect(pulled.err).not.toMatch(/UNVERIFIED/u);
    expect(pulled.out).toMatch(/Installed test-vad \(vad, any language, .*checksums match the catalog\)\nInstalled test-ctc-pinned \(recognizer, ta, .*checksums match the catalog\)/u);
    // Already there: pulling another recogniser that needs it does not fetch it again.
    expect((await run(['rm', 'test-ctc-pinned'])).code).toBe(0);
    expect((await run(['pull', 'test-ctc-pinned'])).err).not.toMatch(/pulling it first/u);
  });

  it('refuses a pinned download whose bytes differ from the catalog, and installs nothing', async () => {
    expect((await run(['rm', 'test-ctc-pinned'])).code).toBe(0);
    const original = served.get('https://models.example/ctc/tokens.txt')!;
    served.set('https://models.example/ctc/tokens.txt', Buffer.from(original.toString().replace('<blk>', '<BLK>')));
    try {
      const pulled = await run(['pull', 'test-ctc-pinned']);
      expect(pulled.code).toBe(1);
      expect(pulled.err).toMatch(/Pull failed \(checksum-mismatch\): test-ctc-pinned: tokens\.txt has SHA-256 [0-9a-f]{64}, but the catalog pins [0-9a-f]{64}: not installed/u);
      expect((await run(['list'])).out).toMatch(/test-ctc-pinned\s+recognizer\s+ta\s+missing/u);
    } finally {
      served.set('https://models.example/ctc/tokens.txt', original);
    }
  });

  it('stops a voice package served with no size at MAX_MODEL_BYTES from the environment, and keeps nothing of it', async () => {
    const endless = await startEndlessServer();
    onTestFinished(() => endless.close());
    const pulled = await run(['pull', 'test-voice-large'], { maxModelBytes: 3_000_000, route: (url) => (url.endsWith('/large-voice.tar.bz2') ? endless.url : undefined) });
    expect(pulled.code).toBe(1);
    expect(pulled.err).toMatch(/Pull failed \(too-large\): test-voice-large: the download passed 3 MB \(MAX_MODEL_BYTES, .*Raise MAX_MODEL_BYTES if the model really is that big\n/u);
    expect(await readdir(path.join(root, 'models', 'speech'))).not.toContain('.test-voice-large.part');
    await vi.waitFor(() => expect(endless.closed()).toBe(true));
    expect(endless.sent()).toBeLessThan(20_000_000);
    expect((await run(['list'])).out).toMatch(/test-voice-large\s+voice\s+ta\s+missing/u);
  });

  it('refuses a pull the free disk cannot hold, archive and unpacked files together, before the first byte', async () => {
    let asked = 0;
    const pulled = await run(['pull', 'test-voice'], { freeDiskBytes: 256 * 1024 * 1024 + 30_000, route: () => (asked++, undefined) });
    expect(pulled.code).toBe(1);
    // The catalog's 20 kB archive plus twice that for its unpacked files, against 30 kB over the margin.
    expect(pulled.err).toMatch(/Pull failed \(disk-full\): test-voice: not enough free disk in \S+: 60 kB needed \(20 kB to download and 2x the archive, 40 kB, for what it unpacks to\) plus 268 MB to spare, 268 MB free; free some space or set MODELS_DIR to a bigger disk\n/u);
    expect(asked).toBe(0);
    expect(await readdir(path.join(root, 'models', 'speech'))).not.toContain('.test-voice.part');
  });
});
