import type { ServiceRuntime, ServiceRole } from '../../src/app/service-runtime.js';
import type { ChatAdapter } from '../chat-adapter.js';
import type { HealthSource } from '../web/http-server.js';

export interface ServeHealthOptions {
  role: ServiceRole;
  /** The adapters this process receives for (none on a worker). */
  adapters: readonly ChatAdapter[];
  runtime: Pick<ServiceRuntime, 'queue' | 'services' | 'checkStore' | 'operatorHints'>;
  /** True once a stop signal came: the process finishes running jobs and takes no new ones. */
  draining: () => boolean;
  /** Longest wait for the job store to answer. Defaults to 2000 ms. */
  storeTimeoutMs?: number;
}

/**
 * What `serve` reports at /healthz. The body shows each adapter's state (adapters keep tokens and
 * secrets out of their health), the queue's counts and the backends' breakers; the reasons list
 * makes it a 503: an enabled adapter that failed (Telegram polling stopped, a webhook that could
 * not be set, a Slack socket down past its reconnects), a job store that does not answer, or a
 * process draining after SIGTERM, which a load balancer should stop sending work to.
 */
export function serveHealth(options: ServeHealthOptions): HealthSource {
  const { role, adapters, runtime } = options;
  return {
    health: () => ({
      role,
      ...(options.draining() ? { draining: true } : {}),
      adapters: Object.fromEntries(adapters.map((a) => [a.name, a.health()])),
      jobs: runtime.queue.stats(),
      ...runtime.services.health(),
      // What replies lately needed from the operator: chat users only read a plain sentence.
      operatorHints: runtime.operatorHints?.snapshot() ?? [],
    }),
    reasons: async () => {
      const reasons: string[] = [];
      if (options.draining()) reasons.push('draining after a stop signal: running jobs may finish, no new work is taken');
      for (const adapter of adapters) {
        const health = adapter.health();
        if (health.state === 'failed') reasons.push(`${adapter.name} adapter failed: ${typeof health.lastError === 'string' ? health.lastError : 'see the log'}`);
      }
      const storeProblem = await checkWithin(runtime.checkStore, options.storeTimeoutMs ?? 2000);
      if (storeProblem) reasons.push(`job store not reachable: ${storeProblem}`);
      return reasons;
    },
  };
}

async function checkWithin(check: (() => Promise<void>) | undefined, timeoutMs: number): Promise<string | null> {
  if (!check) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs)));
  try {
    return await Promise.race([check().then(() => null, (err: unknown) => (err instanceof Error ? err.message : String(err))), late]);
  } finally {
    clearTimeout(timer);
  }
}
