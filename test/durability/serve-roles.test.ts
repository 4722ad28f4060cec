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
});
