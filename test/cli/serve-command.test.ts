import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('shikshasetu serve with no chat adapter configured', () => {
  it('serves /healthz, says what to set, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-serve-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'adapters/cli/main.ts'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '' },
    });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in:\n${log}`)), 60_000);
      child.stderr.on('data', () => {
        const match = /"port":(\d+).*HTTP server listening/.exec(log);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    const health = await response.json();
    expect(health).toMatchObject({ status: 'ok', adapters: {}, jobs: { queued: 0, running: 0 } });
    expect(JSON.stringify(health)).not.toMatch(/key|token/i);
    expect(log).toContain('No chat adapter is configured. Set TELEGRAM_BOT_TOKEN');
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log).toContain('stopped');
  });
});
