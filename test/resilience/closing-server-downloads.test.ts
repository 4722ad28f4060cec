import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Api } from 'grammy';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// Loads @slack/bolt and with it the npm undici of Socket Mode, as `serve` does.
import { fetchSlackFile } from '../../adapters/slack/slack-file-fetcher.js';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.js';
import { TelegramFileFetcher } from '../../adapters/telegram/telegram-file-fetcher.js';
import { TempFiles } from '../../adapters/shared/temp-files.js';
import { TELEGRAM_TEMP_PREFIX } from '../../adapters/telegram/telegram-job.js';
import { tinyGgufBytes } from '../../scripts/fixtures/write-gguf.js';
import { globalDispatcher } from '../../src/app/builtin-fetch-dispatcher.js';
import { isStageError } from '../../src/core/errors.js';
import { ModelStore } from '../../src/models/model-store.js';
import { isModelPullError } from '../../src/models/pull/model-pull-error.js';
import { pullModel } from '../../src/models/pull/pull-model.js';
import { slowReaderFetch, startClosingHttpServer, type ClosingHttpServer } from '../support/closing-http-server.js';

/**
 * nodejs/undici#5360: a server that sends the body with `Connection: close` and closes at once,
 * while the reader is slow, crashed the process with an uncatchable AssertionError once the npm
 * undici 7 of Slack's Socket Mode was fetch's dispatcher. Each download path must finish or fail
 * with a clear error; this test process, like `serve`, has that undici loaded.
 */
// Bodies that arrive in one read (under 64 KiB): the parser pauses on them while the reader waits,
// and the FIN comes right behind; that crashed undici 7 three times out of three here.
const model = tinyGgufBytes({ seed: 5, embedding: 8, heads: 2 });
const file = Buffer.alloc(60_000, 0x61);
const SLOW_MS = 300;
let server: ClosingHttpServer;
let dir: string;

beforeAll(async () => {
  void createSlackAdapter;
  server = await startClosingHttpServer((line) => {
    if (line.includes('/short')) return { body: file.subarray(0, 1000), contentLength: false };
    // A Content-Length the body does not reach: the close cuts it short.
    if (line.includes('/lies.gguf')) return { body: model.subarray(0, model.length / 2), headers: { 'Content-Length': String(model.length) }, contentLength: false };
    if (line.includes('/lies')) return { body: file.subarray(0, 20_000), headers: { 'Content-Length': String(file.length) }, contentLength: false };
    if (line.includes('.gguf')) return { body: model };
    return { body: file };
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-closing-'));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('downloads from a server that closes while the reader is slow', () => {
  it('fetch is served by Node\'s own undici, not the npm one Socket Mode loaded', () => {
    const fromSocketMode = createRequire(createRequire(import.meta.url).resolve('@slack/socket-mode'));
    const npmUndici = fromSocketMode('undici') as { Agent: new () => unknown };
    expect(globalDispatcher()).toBeDefined();
    expect(globalDispatcher()).not.toBeInstanceOf(npmUndici.Agent);
  });

  it('models pull completes and installs the model', async () => {
    const store = new ModelStore(path.join(dir, 'models'));
    const result = await pullModel(
      { id: 'closing', source: `${server.origin}/model.gguf`, manifest: { tier: 'SMALL', tasks: ['simplify'], languages: ['en'] } },
      { store, fetch: slowReaderFetch(SLOW_MS), freeDiskBytes: async () => 1e12 },
    );
    expect(result.bytes).toBe(model.length);
    expect(await readdir(store.dir)).not.toContain('closing.gguf.part');
  });

  it('models pull of a body cut short of its Content-Length fails with a clear error', async () => {
    const store = new ModelStore(path.join(dir, 'models-lies'));
    const error = await pullModel(
      { id: 'lies', source: `${server.origin}/lies.gguf`, manifest: { tier: 'SMALL', tasks: ['simplify'], languages: ['en'] } },
      { store, fetch: slowReaderFetch(SLOW_MS), freeDiskBytes: async () => 1e12 },
    ).catch((err: unknown) => err);
    expect(isModelPullError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^download interrupted at \d+ of \d+ bytes \(.+\); run the same pull again to resume$/u);
  });

  it('the Telegram file download completes', async () => {
    vi.stubGlobal('fetch', slowReaderFetch(SLOW_MS, globalThis.fetch));
    const api = { getFile: async () => ({ file_id: 'f', file_unique_id: 'u', file_path: 'documents/page.bin' }) } as unknown as Pick<Api, 'getFile'>;
    const fetcher = new TelegramFileFetcher({ api, token: '123:abc', apiRoot: server.origin, maxBytes: 10_000_000 });
    const got = await fetcher.fetch({ fileId: 'f' }, new TempFiles(path.join(dir, 'tg'), TELEGRAM_TEMP_PREFIX), new AbortController().signal);
    expect(got.equals(file)).toBe(true);
    expect(server.requests).toContain('GET /file/bot123:abc/documents/page.bin HTTP/1.1');
  });

  it('the Telegram file download of a body cut short fails as a read error', async () => {
    vi.stubGlobal('fetch', slowReaderFetch(SLOW_MS, globalThis.fetch));
    const api = { getFile: async () => ({ file_id: 'f', file_unique_id: 'u', file_path: 'documents/lies.bin' }) } as unknown as Pick<Api, 'getFile'>;
    const fetcher = new TelegramFileFetcher({ api, token: '123:abc', apiRoot: server.origin, maxBytes: 10_000_000 });
    const error = await fetcher.fetch({ fileId: 'f' }, new TempFiles(path.join(dir, 'tg'), TELEGRAM_TEMP_PREFIX), new AbortController().signal).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Error);
    expect(isStageError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^file download was cut short \(terminated: .+\)$/u);
  });

  it('the Slack file download completes', async () => {
    const got = await fetchSlackFile(
      { id: 'F1', name: 'page.bin', size: file.length, url: `${server.origin}/files-pri/T1-F1/page.bin` },
      { token: 'xoxb-test', maxBytes: 10_000_000, trustedHost: () => true, fetch: slowReaderFetch(SLOW_MS) },
    );
    expect(got.equals(file)).toBe(true);
  });

  it('the Slack file download without a length, closed early, fails on the size the event stated', async () => {
    const error = await fetchSlackFile(
      { id: 'F2', name: 'short.bin', size: file.length, url: `${server.origin}/short` },
      { token: 'xoxb-test', maxBytes: 10_000_000, trustedHost: () => true, fetch: slowReaderFetch(SLOW_MS) },
    ).catch((err: unknown) => err);
    expect((error as Error).message).toMatch(/returned 1000 bytes, the event said 60000/u);
  });
});

describe('shikshasetu models pull, the real CLI process', () => {
  const ROOT = path.resolve(import.meta.dirname, '../..');

  /** The CLI as a user runs it, with fetch responses handed over late (the preload). */
  function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
    const argv = ['--import', 'tsx', '--import', path.join(ROOT, 'test/support/slow-reader-preload.ts'), path.join(ROOT, 'adapters/cli/main.ts'), ...args];
    return new Promise((resolve) => {
      const child = spawn(process.execPath, argv, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
  }

  it('installs a model from a server that closes at once, and lives', async () => {
    const modelsDir = path.join(dir, 'cli-models');
    const run = await cli(['models', 'pull', `${server.origin}/model.gguf`, '--id', 'closing-cli', '--tier', 'small', '--task', 'simplify'], { MODELS_DIR: modelsDir });
    expect(run.stderr).not.toMatch(/AssertionError|\n\s+at /u);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Installed closing-cli /mu);
  });

  it('says a cut-short pull was interrupted and exits 1, without a crash', async () => {
    const run = await cli(['models', 'pull', `${server.origin}/lies.gguf`, '--id', 'lies-cli', '--tier', 'small', '--task', 'simplify'], { MODELS_DIR: path.join(dir, 'cli-lies') });
    expect(run.stderr).not.toMatch(/AssertionError|\n\s+at /u);
    expect(run.stderr).toMatch(/download interrupted at \d+ of \d+ bytes .*run the same pull again to resume/u);
    expect(run.code).toBe(1);
  });
});
