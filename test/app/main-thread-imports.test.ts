import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The npm packages the main thread of a fresh process has imported once it has built what
 * `serve` builds at start (runtime, configured adapters), recorded by a module-loading hook.
 */
async function packagesImportedAtStart(env: Record<string, string>): Promise<Set<string>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-imports-'));
  dirs.push(dir);
  const log = path.join(dir, 'imports.log');
  const script = `
    const { loadConfig } = await import('./src/app/load-config.js');
    const { createLogger } = await import('./src/log/logger.js');
    const { createServiceRuntime } = await import('./src/app/service-runtime.js');
    const { createConfiguredAdapters } = await import('./adapters/registry.js');
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
    const runtime = await createServiceRuntime(config, createLogger('silent'));
    await createConfiguredAdapters(runtime);
    await runtime.close();`;
  await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', path.join(ROOT, 'test/support/record-imports.mjs'), '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, MODELS_DIR: path.join(dir, 'models'), RECORD_IMPORTS_TO: log, ...env },
    timeout: 60_000,
  });
  const packages = readFileSync(log, 'utf8')
    .split('\n')
    .map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//u.exec(file)?.[1])
    .filter((name): name is string => name !== undefined);
  return new Set(packages);
}

// Each stays resident once imported (10-45 MB apiece measured alone in plain node), so the main
// thread imports them only where it uses them.
const PIPELINE_THREAD_ONLY = ['sharp', 'tesseract.js', 'mammoth', 'unpdf', 'chrono-node', '@libav.js/variant-opus-af', 'file-type', 'parse5', 'yauzl'];
const ON_FIRST_USE = ['compromise', 'ogg-opus-decoder', '@wasm-audio-decoders/flac', 'mpg123-decoder', '@huggingface/tokenizers', 'node-llama-cpp', 'onnxruntime-node', 'sherpa-onnx-node'];
const UNCONFIGURED = ['@slack/bolt', 'grammy', 'bullmq', 'ioredis', '@keyv/redis'];

describe("serve's main thread imports only what it uses", () => {
  it('with PIPELINE_THREADS=1 and no adapter or Redis: none of the pipeline thread, model, platform or Redis libraries', async () => {
    const imported = await packagesImportedAtStart({ PIPELINE_THREADS: '1' });
    // What it does use, the hook saw (so an empty record cannot pass).
    for (const used of ['piscina', 'better-sqlite3', 'prom-client', 'cockatiel']) expect(imported.has(used), used).toBe(true);
    for (const unused of [...PIPELINE_THREAD_ONLY, ...ON_FIRST_USE, ...UNCONFIGURED]) expect(imported.has(unused), unused).toBe(false);
  }, 90_000);

  it('with PIPELINE_THREADS=0 and Telegram configured: the job parts it runs itself and grammy, still no Slack or Redis', async () => {
    const imported = await packagesImportedAtStart({ PIPELINE_THREADS: '0', TELEGRAM_BOT_TOKEN: '123456:test-token', TELEGRAM_API_ROOT: 'http://127.0.0.1:9' });
    for (const used of ['sharp', 'tesseract.js', 'chrono-node', '@libav.js/variant-opus-af', 'grammy']) expect(imported.has(used), used).toBe(true);
    for (const unused of ['@slack/bolt', 'bullmq', 'ioredis', 'node-llama-cpp']) expect(imported.has(unused), unused).toBe(false);
  }, 90_000);
});
