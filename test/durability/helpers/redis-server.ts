import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  /** Where it came from, for the test's own log. */
  source: 'spawned' | 'running';
  stop(): Promise<void>;
}

const NO_REDIS = [
  'These tests need a Redis server and none is reachable.',
  'Install Debian\'s redis-server (apt-get install redis-server): the tests then start their own on a free port;',
  'or start one on 127.0.0.1:6379 (as .ci/run does).',
].join(' ');

/**
 * A Redis for one test file: its own redis-server on a free port (no persistence, in a temporary
 * folder) when the binary is installed, else the one on 127.0.0.1:6379 (tests use their own key
 * prefix there). Neither: it throws, so the test fails saying what to install; never a skip.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const binary = findOnPath('redis-server');
  if (binary) return spawnRedis(binary);
  const url = 'redis://127.0.0.1:6379';
  if (await answers(url)) return { url, source: 'running', stop: async () => undefined };
  throw new Error(NO_REDIS);
}

async function spawnRedis(binary: string): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-redis-'));
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const until = Date.now() + 15_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    source: 'spawned',
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function findOnPath(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin']) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
