import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { runModelsCommand } from '../../adapters/cli/models-command.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { TranslationModelStore } from '../../src/translate/indictrans2/translation-model-store.js';
import { writeIndicTrans2Fixture } from '../../scripts/fixtures/write-indictrans2.js';
import { startEndlessServer } from '../models/helpers/endless-server.js';
import { startModelServer, type ServedFile } from '../models/helpers/model-server.js';
import { capturedIo } from '../support/captured-io.js';

let root: string;
let exportDir: string;
let catalogFile: string;
let served: Record<string, ServedFile>;
let server: Awaited<ReturnType<typeof startModelServer>>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-it2-cli-'));
  exportDir = path.join(root, 'my-en-indic-export');
  await writeIndicTrans2Fixture(exportDir, { direction: 'en-indic' });
  served = {};
  for (const name of await readdir(exportDir)) served[name] = { body: await readFile(path.join(exportDir, name)) };
  // The big weights file is cut mid-way on its first download, to be resumed.
  served['encoder_model.onnx.data']!.cutAfter = 50_000;
  server = await startModelServer(served);
  const catalog = JSON.parse(await readFile(new URL('../../models/catalog.json', import.meta.url), 'utf8'));
  catalog.translation.models = [{
    ...catalog.translation.models[0],
    id: 'test-en-indic',
    files: Object.keys(served).sort().map((name) => ({ name, url: `https://huggingface.co/test/${name}` }))
      .concat([{ name: 'decoder_shared.onnx.data', url: 'https://huggingface.co/test/decoder_shared.onnx.data', optional: true } as never]),
  }];
  catalogFile = path.join(root, 'catalog.json');
  await writeFile(catalogFile, JSON.stringify(catalog));
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

interface Overrides {
  wrapFetch?: (response: Response) => Response;
  /** Where a file's requests go instead of the model server. */
  route?: (name: string) => string | undefined;
  freeDiskBytes?: number;
  /** MAX_MODEL_BYTES, set the way a user sets it: in the environment. */
  maxModelBytes?: number;
}

async function models(argv: string[], modelsDir: string, overrides: Overrides = {}): Promise<{ code: number; out: string; err: string }> {
  const { wrapFetch = (r: Response) => r, route = () => undefined } = overrides;
  const io = capturedIo();
  const { stdout, stderr } = io;
  const config = loadConfig({ MODELS_DIR: modelsDir, LOG_LEVEL: 'silent', MODEL_MEMORY_BUDGET: '4GB', ...(overrides.maxModelBytes ? { MAX_MODEL_BYTES: String(overrides.maxModelBytes) } : {}) });
  const code = await runModelsCommand(argv, config, createLogger('silent'), { stdout, stderr }, {
    catalogFile,
    freeDiskBytes: async () => overrides.freeDiskBytes ?? 1e12,
    fetch: async (input, init) => {
      const name = String(input).replace('https://huggingface.co/test/', '');
      return wrapFetch(await fetch(route(name) ?? server.url(name), init));
    },
  });
  return { code, out: io.out(), err: io.err() };
}

describe('shikshasetu models, for IndicTrans2 exports', () => {
  it('installs a local export directory with --task translate and lists it with its memory need', async () => {
    const dir = path.join(root, 'models-local');
    const pulled = await models(['pull', exportDir, '--id', 'my-it2', '--tier', 'SMALL', '--task', 'translate'], dir);
    expect(pulled.code, pulled.err).toBe(0);
    expect(pulled.out).toMatch(/^Installed my-it2 \(en-indic, SMALL, 13 files, \d+ kB\)\n$/u);
    expect(pulled.err).toMatch(/13 file\(s\) had no published SHA-256/u);
    const installed = await new TranslationModelStore(dir).get('my-it2');
    expect(installed!.manifest.files.map((f) => f.name)).toContain('encoder_model.onnx.data');
    const listed = await models(['list'], dir);
    expect(listed.out).toMatch(/my-it2\s+en-indic\s+SMALL\s+installed\s+\d+ kB\s+135 MB\s+yes\s+recorded/u);
    expect(listed.out).toMatch(/indictrans2-en-indic-dist-200m-int8|test-en-indic/u);
    const verified = await models(['verify'], dir);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/^OK\s+my-it2 \(13 files/mu);
    // A changed byte in the tokenizer is caught.
    const tokenizer = path.join(installed!.dir, 'tokenizer_tgt.json');
    await writeFile(tokenizer, (await readFile(tokenizer, 'utf8')).replace('"BPE"', '"bpe"'));
    const broken = await models(['verify', 'my-it2'], dir);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/FAIL my-it2: tokenizer_tgt\.json: SHA-256 changed/u);
    const removed = await models(['rm', 'my-it2'], dir);
    expect(removed.code).toBe(0);
    expect(await new TranslationModelStore(dir).get('my-it2')).toBeNull();
  });

  it('starts a cut file again when the server resumes it at the wrong place, instead of appending the wrong bytes', async () => {
    const dir = path.join(root, 'models-wrong-range');
    onTestFinished(() => {
      served['encoder_model.onnx.data']!.cutAfter = 50_000; // as beforeAll left it, for the next test
    });
    const first = await models(['pull', 'test-en-indic'], dir);
    expect(first.code).toBe(1);
    served['encoder_model.onnx.data']!.cutAfter = undefined;
    // A server (or proxy) that answers the resume with a 206 for another range than asked.
    const wrongRange = (response: Response): Response => {
      if (response.status !== 206) return response;
      const headers = new Headers(response.headers);
      headers.set('content-range', 'bytes 0-99/100');
      return new Response(response.body, { status: 206, headers });
    };
    const second = await models(['pull', 'test-en-indic'], dir, { wrapFetch: wrongRange });
    expect(second.code, second.err).toBe(0);
    // The resume was asked for, answered with the wrong range, and the file fetched again whole.
    const weights = server.requests.filter((r) => r.path === 'encoder_model.onnx.data').slice(-2);
    expect(weights[0]!.range).toMatch(/^bytes=\d+-$/u);
    expect(weights[1]!.range).toBeUndefined();
    const installed = await new TranslationModelStore(dir).get('test-en-indic');
    expect(installed).not.toBeNull();
    expect(await readFile(path.join(installed!.dir, 'encoder_model.onnx.data'))).toEqual(served['encoder_model.onnx.data']!.body);
  });

  it('refuses a directory that is not a translation model when --task says simplify', async () => {
    await expect(models(['pull', exportDir, '--id', 'x', '--tier', 'SMALL', '--task', 'simplify'], path.join(root, 'models-wrong'))).rejects.toThrow(/--task translate/u);
  });

  it('pulls a catalog export file by file, resumes the cut file, records unverified hashes and checks the next pull against them', async () => {
    const dir = path.join(root, 'models-catalog');
    const first = await models(['pull', 'test-en-indic'], dir);
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/Pull failed \(interrupted\): encoder_model\.onnx\.data: download interrupted at 50000 of \d+ bytes .*run the same pull again to resume/u);
    // Nothing is installed while a file is missing; the finished files wait in the .part folder.
    expect(await new TranslationModelStore(dir).get('test-en-indic')).toBeNull();

    served['encoder_model.onnx.data']!.cutAfter = undefined;
    const second = await models(['pull', 'test-en-indic'], dir);
    expect(second.code, second.err).toBe(0);
    expect(server.requests.filter((r) => r.path === 'encoder_model.onnx.data').at(-1)!.range).toBe('bytes=50000-');
    expect(second.err).toMatch(/could not be checked/u);
    expect(second.err).toMatch(/UNVERIFIED: no commit id, file size or sha256 of hari31416\/indictrans2-en-indic-dist-200M-ONNX-int8/u);
    expect(second.err).toMatch(/tokenizer_src\.json: checksum recorded \(unverified\)/u);
    const record = JSON.parse(await readFile(new TranslationModelStore(dir).recordFile, 'utf8'));
    expect(Object.keys(record)).toContain('test-en-indic/encoder_model.onnx.data');

    // The server now sends a different tokenizer: the recorded hash catches it.
    await models(['rm', 'test-en-indic'], dir);
    served['tokenizer_src.json'] = { body: Buffer.from('{"tampered": true}') };
    const third = await models(['pull', 'test-en-indic'], dir);
    expect(third.code).toBe(1);
    expect(third.err).toMatch(/tokenizer_src\.json: SHA-256 is [0-9a-f]{64}, not [0-9a-f]{64} \(the hash recorded when it was first pulled\)/u);
  });

  it('checks the free disk against the export\'s size before the first byte, and says how much is needed', async () => {
    const dir = path.join(root, 'models-no-room');
    const requestsBefore = server.requests.length;
    const pulled = await models(['pull', 'test-en-indic'], dir, { freeDiskBytes: 100_000_000 });
    expect(pulled.code).toBe(1);
    // The catalog's ~303 MB for the export plus the 256 MiB (268 MB) kept free, against 100 MB free.
    expect(pulled.err).toMatch(/Pull failed \(disk-full\): not enough free disk in \S+: 303 MB needed plus 268 MB to spare, 100 MB free/u);
    expect(server.requests.length).toBe(requestsBefore);
    // Nothing is left behind, so `models list` does not call the refused pull "partial".
    expect(await readdir(new TranslationModelStore(dir).dir)).toEqual([]);

    // A local export folder is sized from its files: 1 MB does not fit in 256 MiB + 0.5 MB.
    const local = await models(['pull', exportDir, '--id', 'my-it2', '--tier', 'SMALL', '--task', 'translate'], dir, { freeDiskBytes: 256 * 1024 * 1024 + 500_000 });
    expect(local.code).toBe(1);
    expect(local.err).toMatch(/Pull failed \(disk-full\)/u);
    expect(await readdir(new TranslationModelStore(dir).dir)).toEqual([]);
  });

  it('stops a file served with no size at MAX_MODEL_BYTES (the whole export counted), and keeps no part of it', async () => {
    const dir = path.join(root, 'models-capped');
    const endless = await startEndlessServer();
    onTestFinished(() => endless.close());
    const pulled = await models(['pull', 'test-en-indic'], dir, {
      maxModelBytes: 3_000_000,
      route: (name) => (name === 'encoder_model.onnx.data' ? endless.url : undefined),
    });
    expect(pulled.code).toBe(1);
    expect(pulled.err).toMatch(/Pull failed \(too-large\): encoder_model\.onnx\.data: the download passed 3 MB with the files before it \(MAX_MODEL_BYTES, .*Raise MAX_MODEL_BYTES/u);
    const part = new TranslationModelStore(dir).partDir('test-en-indic');
    const left = await readdir(part);
    expect(left.filter((n) => n.startsWith('encoder_model.onnx.data'))).toEqual([]);
    // The files finished before it stay, for the next pull.
    expect(left).toContain('decoder_model.onnx');
    await vi.waitFor(() => expect(endless.closed()).toBe(true));
    expect(endless.sent()).toBeLessThan(20_000_000);

    // A size the server announces is refused before its body is read.
    const announced = await models(['pull', 'test-en-indic'], path.join(root, 'models-capped-announced'), { maxModelBytes: 50_000 });
    expect(announced.code).toBe(1);
    expect(announced.err).toMatch(/Pull failed \(too-large\): \S+: the server's file is \d+ bytes.*over MAX_MODEL_BYTES \(50000\)/u);
  });
});
