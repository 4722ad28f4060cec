import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SETTINGS } from '../../../config/settings.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Port of its HTTP server (/healthz, /metrics, webhooks). */
  readonly port: number;
  /** Everything it logged so far (pino JSON lines on stderr). */
  logs(): string;
  /** Resolves with the first match of pattern in the log (looked at on every new line). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Its /metrics text. */
  metrics(): Promise<string>;
}

/**
 * Starts `shikshasetu serve` as a real process (node with the tsx loader, no wrapper process, so
 * a SIGKILL reaches the service itself), with only the given settings: every setting the test
 * runner's own environment might carry is removed first. Resolves once the HTTP server listens.
 */
export async function startService(options: { name: string; env: Record<string, string>; args?: string[]; readyLog?: RegExp; timeoutMs?: number }): Promise<ServiceProcess> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const spec of Object.values(SETTINGS)) delete env[spec.env];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'adapters/cli/main.ts'), 'serve', ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...env, PORT: '0', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const watchers = new Set<() => void>();
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
    watchers.forEach((check) => check());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    watchers.forEach((check) => check());
  });

  const waitForLog = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(log);
        if (match) {
          finish();
          resolve(match);
        } else if (done) {
          finish();
          reject(new Error(`${options.name} exited before logging ${pattern}:\n${log.slice(-3000)}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${options.name}: no ${pattern} within ${timeoutMs} ms; log:\n${log.slice(-3000)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        watchers.delete(check);
      };
      watchers.add(check);
      check();
    });

  const timeoutMs = options.timeoutMs ?? 90_000;
  const listening = await waitForLog(/"port":(\d+)[^\n]*HTTP server listening/u, timeoutMs);
  if (options.readyLog) await waitForLog(options.readyLog, timeoutMs);
  const port = Number(listening[1]);
  return {
    name: options.name,
    child,
    port,
    logs: () => log,
    waitForLog,
    exited,
    metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
  };
}

/** The value of one sample in Prometheus text, e.g. metric('shikshasetu_job_runs_total', { outcome: 'done' }); 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Waits until the service's metric (summed over matching samples) reaches value. */
export async function waitForMetric(target: ServiceProcess, name: string, labels: Record<string, string>, value: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const seen = metricValue(await target.metrics(), name, labels);
    if (seen >= value) return;
    if (Date.now() > until) throw new Error(`${name}${JSON.stringify(labels)} stayed at ${seen}, expected ${value}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** For afterAll: a service a test left running is killed (SIGKILL) and waited for. */
export async function killIfRunning(service: ServiceProcess | null): Promise<void> {
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGKILL');
    await service.exited;
  }
}
