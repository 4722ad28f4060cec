import { parseArgs } from 'node:util';
import type { Config } from '../../config/settings.js';
import type { Logger } from '../../src/app/logger.js';
import { createServiceRuntime } from '../../src/app/service-runtime.js';
import { createConfiguredAdapters } from '../registry.js';
import { startHttpServer } from '../web/http-server.js';

/** How long running jobs get to finish after SIGTERM before they are aborted. */
const SHUTDOWN_GRACE_MS = 30_000;

/**
 * `shikshasetu serve`: the long-running service. Starts the HTTP server (health check and the
 * webhooks of configured adapters), the job queue and the chat adapters; on SIGTERM or SIGINT
 * stops intake first, lets running jobs finish, then closes.
 */
export async function runServeCommand(argv: string[], config: Config, logger: Logger): Promise<number> {
  parseArgs({ args: argv, options: {}, allowPositionals: false });
  const runtime = createServiceRuntime(config, logger);
  const adapters = createConfiguredAdapters(runtime);
  const http = await startHttpServer({
    port: config.port,
    health: {
      health: () => ({
        adapters: Object.fromEntries(adapters.map((a) => [a.name, a.health()])),
        jobs: runtime.queue.stats(),
        ...runtime.services.health(),
      }),
    },
    routers: adapters.flatMap((a) => a.routes()),
  });
  logger.info({ port: http.port }, 'HTTP server listening (GET /healthz)');
  await runtime.queue.start();
  for (const adapter of adapters) await adapter.start();
  if (adapters.length === 0) {
    logger.warn('No chat adapter is configured. Set TELEGRAM_BOT_TOKEN for Telegram, or SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) for Slack; until then only /healthz is served.');
  } else {
    logger.info({ adapters: adapters.map((a) => a.name) }, 'chat adapters started');
  }

  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'stopping intake; running jobs may finish');
  for (const adapter of adapters) await adapter.stop().catch((err: unknown) => logger.warn({ adapter: adapter.name, err: String(err) }, 'adapter stop failed'));
  await runtime.queue.stop(SHUTDOWN_GRACE_MS);
  await http.close();
  await runtime.close();
  logger.info('stopped');
  return 0;
}
