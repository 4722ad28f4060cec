import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelsCommand } from '../../adapters/cli/models-command.js';
import { isCliUsageError } from '../../adapters/cli/read-input.js';
import { tinyGgufBytes } from '../../scripts/fixtures/write-gguf.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { startModelServer } from './helpers/model-server.js';
import { capturedIo } from '../support/captured-io.js';

const gguf = tinyGgufBytes({ seed: 41 });
let server: Awaited<ReturnType<typeof startModelServer>>;
let dir: string;

beforeAll(async () => {
  server = await startModelServer({ 'byo.gguf': { body: gguf }, 'index.html': { body: Buffer.from('<html>'.repeat(20)), contentType: 'text/html' } });
  dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-cli-models-'));
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}, catalogFile?: string): Promise<{ code: number; out: string; err: string }> {
  const io = capturedIo();
  const { stdout, stderr } = io;
  const config = loadConfig({ MODELS_DIR: dir, LOG_LEVEL: 'silent', ...env });
  const code = await runModelsCommand(argv, config, createLogger('silent'), { stdout, stderr }, {
    catalogFile: catalogFile ?? new URL('../../models/catalog.json', import.meta.url).pathname,
    freeDiskBytes: async () => 1e12,
    // Catalog URLs point at huggingface.co; here they are served by the local server.
    fetch: (input, init) => fetch(String(input).replace('https://huggingface.co/test/', server.url('')), init),
  });
  return { code, out: io.out(), err: io.err() };
}

describe('shikshasetu models', () => {
  it('lists the catalog as missing, with sizes, RAM needs, what fits and licences', async () => {
    const { code, out } = await run(['list'], { MODEL_MEMORY_BUDGET: '6GB' });
    expect(code).toBe(0);
    expect(out).toMatch(/Model memory budget: 6 GB \(set by MODEL_MEMORY_BUDGET\)/u);
    expect(out).toMatch(/qwen2\.5-1\.5b-instruct-q4_k_m\s+SMALL\s+simplify,translate\s+missing\s+1\.12 GB\s+~1\.5 GB\s+yes\s+Apache-2\.0/u);
    expect(out).toMatch(/qwen2\.5-14b-instruct-q4_k_m\s+LARGE\s+simplify,translate\s+missing\s+8\.99 GB\s+~10\.1 GB\s+no/u);
    expect(out).toMatch(/gemma-2-9b-it-q4_k_m\s+MEDIUM.*no\s+Gemma Terms of Use/u);
  });

  it('refuses a model over MAX_MODEL_BYTES and leaves nothing behind', async () => {
    const pulled = await run(['pull', server.url('byo.gguf'), '--id', 'capped', '--tier', 'small', '--task', 'simplify'], { MAX_MODEL_BYTES: '1000' });
    expect(pulled.code).toBe(1);
    expect(pulled.err).toMatch(/Pull failed \(too-large\): the server's file is \d+ bytes, over MAX_MODEL_BYTES \(1000\)/u);
    expect((await readdir(dir)).filter((f) => f.startsWith('capped'))).toEqual([]);
  });

  it('pulls a GGUF by URL with a progress line, lists it as installed, verifies it and removes it', async () => {
    const pulled = await run(['pull', server.url('byo.gguf'), '--id', 'my-tiny', '--tier', 'medium', '--task', 'simplify', '--languages', 'en,hi']);
    expect(pulled.code).toBe(0);
    expect(pulled.out).toMatch(/^Installed my-tiny \(\d+ kB\) sha256 [0-9a-f]{64}\n$/u);
    expect(pulled.err).toMatch(/\[#+\.*\]\s+100\.0%/u);
    expect(pulled.err).toContain('verifying size, GGUF structure and SHA-256');

    const listed = await run(['list', '--json']);
    const report = JSON.parse(listed.out) as { models: Array<{ id: string; status: string; tier: string; tasks: string[]; ramSource: string; ramBytes: number; fits: boolean }> };
    expect(report.models.find((m) => m.id === 'my-tiny')).toMatchObject({ status: 'installed', tier: 'MEDIUM', tasks: ['simplify'], ramSource: 'file', fits: true });
    expect(report.models.find((m) => m.id === 'my-tiny')!.ramBytes).toBeGreaterThan(gguf.length);
    const table = await run(['list']);
    expect(table.out).toMatch(/Serving now, by tier: SMALL: -; MEDIUM: my-tiny \(simplify\); LARGE: -/u);

    expect((await run(['verify'])).out).toMatch(/^OK {3}my-tiny/mu);
    await appendFile(path.join(dir, 'my-tiny.gguf'), 'tampered');
    const tampered = await run(['verify', 'my-tiny']);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/FAIL my-tiny: size is \d+ bytes/u);

    expect((await run(['rm', 'my-tiny'])).out).toBe('Removed my-tiny\n');
    expect((await run(['rm', 'my-tiny'])).code).toBe(1);
  });

  it('pulls a catalog model by id, checking the catalog size and SHA-256, and rejects a corrupt one', async () => {
    const entry = (id: string, file: string, sha256: string) => ({
      id, name: id, family: 'test', tier: 'SMALL', tasks: ['simplify'], url: `https://huggingface.co/test/${file}`, file, sizeBytes: gguf.length, sizeExact: true, sha256,
      quantization: 'F32', parameters: '0.1M', estimatedRamBytes: 5_000_000, contextLength: 2048, languages: ['en'], licence: 'MIT', licenceUrl: 'https://example.org/licence', source: 'https://example.org/model',
    });
    const sha = createHash('sha256').update(gguf).digest('hex');
    const catalogFile = path.join(dir, 'test-catalog.json');
    await writeFile(catalogFile, JSON.stringify({ version: 1, models: [entry('good-model', 'byo.gguf', sha), entry('bad-model', 'byo.gguf', 'f'.repeat(64))] }));
    const good = await run(['pull', 'good-model'], {}, catalogFile);
    expect(good.code).toBe(0);
    expect(good.out).toContain(`Installed good-model`);
    expect(good.err).toContain('Pulling good-model');
    const bad = await run(['pull', 'bad-model'], {}, catalogFile);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Pull failed \(checksum-mismatch\)/u);
    expect((await readdir(dir)).filter((f) => f.startsWith('bad-model'))).toEqual([]);
    const listed = await run(['list'], {}, catalogFile);
    expect(listed.out).toMatch(/good-model\s+SMALL\s+simplify\s+installed/u);
    expect(listed.out).toMatch(/bad-model\s+SMALL\s+simplify\s+missing/u);
    expect((await run(['rm', 'good-model'])).code).toBe(0);
  });

  it('refuses a download that is not GGUF with a clear message and exit code 1', async () => {
    const { code, err } = await run(['pull', server.url('index.html'), '--id', 'page', '--tier', 'SMALL', '--task', 'translate']);
    expect(code).toBe(1);
    expect(err).toMatch(/Pull failed \(not-gguf\)/u);
  });

  it('reports wrong usage as a usage error', async () => {
    for (const argv of [['pull', server.url('byo.gguf')], ['pull', server.url('byo.gguf'), '--id', 'x', '--tier', 'HUGE', '--task', 'simplify'], ['pull', 'no-such-model'], ['frobnicate'], ['rm', '../etc']]) {
      const err = await run(argv).then(() => null, (e: unknown) => e);
      expect(isCliUsageError(err), argv.join(' ')).toBe(true);
    }
  });
});
