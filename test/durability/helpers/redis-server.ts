import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  /** Where it came from, for the test's own log. */
  source: 'spawned' | 'REDIS_URL';
  stop(): Promise<void>;
}

/** The one line a run without Redis prints, saying how to run the suites it skips. */
export const NO_REDIS_LINE = 'Redis suites skipped: no redis-server on the PATH and no REDIS_URL. To run them, install redis-server (apt-get install redis-server) or set REDIS_URL=redis://host:port; under CI=true a missing Redis fails the run.';

/**
 * Where the Redis suites get their server, decided without connecting so that a test file can
 * skip its suites at collection: REDIS_URL when set (the tests keep to their own key prefixes
 * there), else a redis-server of their own from the PATH; null when there is neither.
 */
export function testRedisSource(env: NodeJS.ProcessEnv = process.env): { url: string } | { binary: string } | null {
  if (env.REDIS_URL) return { url: env.REDIS_URL };
  const binary = findOnPath('redis-server', env.PATH);
  return binary ? { binary } : null;
}

/** For describe.skipIf: true when this run has no Redis (the global setup printed why, once). */
export const noTestRedis = (): boolean => testRedisSource() === null;

/**
 * A Redis for one test file or benchmark: the REDIS_URL server, or its own redis-server on a free
 * port (no persistence, in a temporary folder). Neither: it throws, saying what to install.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const source = testRedisSource();
  if (!source) throw new Error(NO_REDIS_LINE);
  if ('binary' in source) return spawnRedis(source.binary);
  if (!(await answers(source.url))) throw new Error(`REDIS_URL is set but no Redis answers there (${redactPassword(source.url)})`);
  return { url: source.url, source: 'REDIS_URL', stop: async () => undefined };
}

/** A URL fit for a log line: the password, if any, replaced. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
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

export async function answers(url: string): Promise<boolean> {
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

function findOnPath(name: string, searchPath = ''): string | null {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
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
