import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../config/settings.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function serve(args: string[], env: Record<string, string> = {}) {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const spec of Object.values(SETTINGS)) delete base[spec.env];
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'adapters/cli/main.ts'), 'serve', ...args], { cwd: ROOT, env: { ...base, PORT: '0', ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('serve --role', () => {
  it('refuses ingress or worker without REDIS_URL, saying why, with the usage exit code', () => {
    const run = serve(['--role', 'worker']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/serve --role worker needs REDIS_URL/u);
  });

  it('says plainly that an unreachable Redis stops the start, with exit code 1 and no "Internal error"', () => {
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
    const run = serve(['--role', 'worker'], { REDIS_URL: 'redis://127.0.0.1:9' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Could not start: the shared store is not reachable \(REDIS_URL\)/mu);
    expect(run.stderr).not.toMatch(/Internal error|\n\s+at /u);
  });
});
