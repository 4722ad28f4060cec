import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A process holding DATA_DIR with the real owner lock, draining or not; resolves once it holds it. */
async function holdDataDir(dataDir: string, options: { graceMs: number; holdMs: number; draining: boolean }): Promise<{ child: ChildProcess; released: Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/durability/helpers/draining-owner.ts'), dataDir, String(options.graceMs), String(options.holdMs), options.draining ? 'draining' : 'busy'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  let releasedAt = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('released')) releasedAt = Date.now();
      if (out.includes('holding')) resolve();
    });
    child.once('exit', () => reject(new Error(`owner exited early: ${out}`)));
  });
  return { child, released: new Promise((resolve) => child.once('exit', () => resolve(releasedAt))) };
}

/** `shikshasetu serve` on dir, as a supervisor would start it, with its log (stderr) watched. */
function serve(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'adapters/cli/main.ts'), 'serve'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const waitFor = async (pattern: RegExp, timeoutMs = 90_000): Promise<RegExpExecArray> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(log);
      if (match) return match;
      if (child.exitCode !== null || Date.now() > until) throw new Error(`no ${pattern} in:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { child, exited, log: () => log, waitFor };
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-restart-'));
  dirs.push(dir);
  return dir;
}

describe('a new serve on a DATA_DIR whose owner is draining', () => {
  it('waits for the draining owner, saying so, then starts', async () => {
    const dir = await dataDir();
    const owner = await holdDataDir(dir, { graceMs: 60_000, holdMs: 100_000, draining: true });
    const successor = serve(dir);
    await successor.waitFor(/the previous serve is still draining this DATA_DIR; waiting for it to finish/u);
    expect(successor.log()).toMatch(new RegExp(`"pid":${owner.child.pid},.*"waitUpToSec":\\d+`, 'u'));
    // The predecessor finishes draining and lets go: the successor starts at once.
    owner.child.kill('SIGTERM');
    expect(await owner.released).toBeGreaterThan(0);
    const [, port] = await successor.waitFor(/"port":(\d+).*HTTP server listening/u);
    await successor.waitFor(/No chat adapter is configured/u);
    expect(successor.log()).not.toMatch(/is using this DATA_DIR/u);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    successor.child.kill('SIGTERM');
    expect(await successor.exited).toBe(0);
  }, 120_000);

  it('still refuses at once, naming it, an owner that is not draining', async () => {
    const dir = await dataDir();
    const owner = await holdDataDir(dir, { graceMs: 0, holdMs: 60_000, draining: false });
    const successor = serve(dir);
    const code = await successor.exited;
    const err = successor.log();
    expect(code).not.toBe(0);
    expect(err).toMatch(new RegExp(`another shikshasetu serve \\(pid ${owner.child.pid} on .+\\) is using this DATA_DIR`, 'u'));
    expect(err).not.toMatch(/waiting for it to finish/u);
    owner.child.kill('SIGKILL');
  }, 120_000);

  it('gives up after the owner\'s grace period and the margin, with the usual refusal', async () => {
    const dir = await dataDir();
    // Announces 20 s of draining, then never lets go: the successor waits until 20 s + its 15 s margin.
    const started = Date.now();
    const owner = await holdDataDir(dir, { graceMs: 20_000, holdMs: 120_000, draining: true });
    const successor = serve(dir);
    const code = await successor.exited;
    const err = successor.log();
    expect(code).not.toBe(0);
    expect(err).toMatch(/waiting for it to finish/u);
    expect(err).toMatch(/is using this DATA_DIR/u);
    expect(Date.now() - started).toBeGreaterThan(35_000);
    owner.child.kill('SIGKILL');
  }, 120_000);
});
