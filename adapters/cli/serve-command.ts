import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config/settings.js';
import type { Logger } from '../../src/log/logger.js';
import { createServiceRuntime, type ServiceRole } from '../../src/app/service-runtime.js';
import { waitForDrainingOwner } from '../../src/stores/wait-for-draining-owner.js';
import { createConfiguredAdapters } from '../registry.js';
import { startHttpServer } from '../web/http-server.js';
import { serveHealth } from './serve-health.js';
import { CliUsageError } from './read-input.js';
import { StartupError } from './startup-error.js';

export const SERVE_USAGE = `Usage: shikshasetu serve [--role all|ingress|worker]
  --role all      receive messages and answer them, in this one process (default)
  --role ingress  receive only: webhooks, long polling or Socket Mode; jobs go to Redis
  --role worker   answer only: take jobs from Redis, run the pipeline and models, reply
Ingress and worker need REDIS_URL; run any number of each against one Redis.`;

const ROLES: readonly ServiceRole[] = ['all', 'ingress', 'worker'];

/**
 * `shikshasetu serve`: the long-running service. Starts the HTTP server (health check, /metrics
 * and, unless a worker, the webhooks of configured adapters), the job queue and the chat
 * adapters. Workers build the adapters too: their job handlers reply through the platforms'
 * clients, but they receive nothing. On SIGTERM or SIGINT intake stops first, running jobs get
 * SHUTDOWN_GRACE_SECONDS to finish, the rest stays queued for the next start.
 */
export async function runServeCommand(argv: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { role: { type: 'string', default: 'all' } }, allowPositionals: false });
  const role = values.role as ServiceRole;
  if (!ROLES.includes(role)) throw new CliUsageError(`unknown role "${values.role}"\n\n${SERVE_USAGE}`);
  if (role !== 'all' && !config.redisUrl) throw new CliUsageError(`serve --role ${role} needs REDIS_URL: without it jobs live in DATA_DIR, which one process serves (--role all)`);
  // A restart under a supervisor may come while the previous process still drains: wait for it.
  if (!config.redisUrl) await waitForDrainingOwner(path.join(config.dataDir, 'jobs.sqlite'), { logger });
  const runtime = await createServiceRuntime(config, logger, undefined, { role });
  try {
    await runtime.ready?.();
  } catch (err) {
    await runtime.close().catch(() => undefined);
    throw new StartupError(`the shared store is not reachable (REDIS_URL): ${err instanceof Error ? err.message : String(err)}`);
  }
  const adapters = await createConfiguredAdapters(runtime);
  const receiving = role === 'worker' ? [] : adapters;
  let draining = false;
  const http = await startHttpServer({
    port: config.port,
    health: serveHealth({ role, adapters: receiving, runtime, draining: () => draining }),
    routers: receiving.flatMap((a) => a.routes()),
    metrics: runtime.metrics,
    logger,
  });
  logger.info({ port: http.port, role }, 'HTTP server listening (GET /healthz, GET /metrics)');
  await runtime.queue.start();
  for (const adapter of receiving) {
    // One platform failing to start (a webhook Telegram would not set) leaves the others serving;
    // /healthz answers 503 with the reason, for whoever watches the service.
    await adapter.start().catch((err: unknown) => logger.error({ adapter: adapter.name, err: err instanceof Error ? err.message : String(err) }, 'chat adapter could not start; /healthz reports it'));
  }
  if (adapters.length === 0) {
    logger.warn('No chat adapter is configured. Set TELEGRAM_BOT_TOKEN for Telegram, SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) for Slack, or the four WHATSAPP_ settings (README: WhatsApp) for WhatsApp; until then only /healthz and /metrics are served.');
  } else if (role === 'worker') {
    logger.info({ platforms: adapters.map((a) => a.name) }, 'worker started: answering jobs from the queue');
  } else {
    logger.info({ adapters: receiving.map((a) => a.name) }, 'chat adapters started');
  }

  const signal = await new Promise<string>((resolve) => {
    let stopping = false;
    // Listeners stay for the whole shutdown: a library's signal-exit (loaded with the model
    // runtime) re-sends the signal to kill the process when it finds no other listener left,
    // which a once() listener would be by then. A second signal means "now": the store keeps
    // whatever is unfinished for the next start.
    const onSignal = (name: string) => {
      if (!stopping) {
        stopping = true;
        resolve(name);
        return;
      }
      logger.warn({ signal: name }, 'second signal: stopping now; unfinished jobs stay queued');
      process.exit(130);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  draining = true;
  runtime.markDraining?.(config.shutdownGraceSeconds * 1000);
  logger.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'stopping intake; running jobs may finish');
  for (const adapter of receiving) await adapter.stop().catch((err: unknown) => logger.warn({ adapter: adapter.name, err: String(err) }, 'adapter stop failed'));
  await runtime.queue.stop(config.shutdownGraceSeconds * 1000);
  await http.close();
  await runtime.close();
  logger.info('stopped');
  return 0;
}
