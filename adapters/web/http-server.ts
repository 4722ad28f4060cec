import type { Server } from 'node:http';
import express, { type Express, type Router } from 'express';
import type { Logger } from '../../src/log/logger.js';

export interface HealthSource {
  /** Named parts of the service and their state, e.g. { telegram: 'polling', 'local-model': 'closed' }. */
  health(): Record<string, unknown>;
  /** Why the service cannot do its job now; any reason makes /healthz answer 503. Defaults to none. */
  reasons?(): Promise<string[]>;
}

/** Prometheus metrics in the text exposition format (ServiceMetrics). */
export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

export interface HttpServerOptions {
  /** Port to listen on; 0 picks a free one. Defaults to config PORT. */
  port: number;
  /** Host to bind. Defaults to all interfaces. */
  host?: string;
  health: HealthSource;
  /** Routers the chat adapters contribute (webhooks), mounted before the 404 handler. */
  routers?: Array<{ path: string; router: Router | express.RequestHandler }>;
  /** Served at GET /metrics for Prometheus. Defaults to none (404). */
  metrics?: MetricsSource;
  /** Gets one line per refused or failed request. Defaults to none. */
  logger?: Pick<Logger, 'warn' | 'error'>;
}

/** The express app every HTTP-facing adapter hangs off. */
export function createHttpApp(options: Omit<HttpServerOptions, 'port' | 'host'>): Express {
  const app = express();
  app.disable('x-powered-by');
  // 200 only when all is well: a load balancer or supervisor reads the status code alone.
  app.get('/healthz', async (_req, res) => {
    const reasons = (await options.health.reasons?.()) ?? [];
    const status = reasons.length > 0 ? 'unavailable' : 'ok';
    res.status(reasons.length > 0 ? 503 : 200).json({ status, ...(reasons.length > 0 ? { reasons } : {}), uptimeSec: Math.round(process.uptime()), ...options.health.health() });
  });
  const metrics = options.metrics;
  if (metrics) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.contentType).send(await metrics.render());
    });
  }
  for (const { path, router } of options.routers ?? []) app.use(path, router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // Express 5 routes thrown errors here; the client gets no stack trace. A body parser's refusal
  // (over its limit: 413; not JSON: 400) is the client's mistake, not a 500: the handler behind it
  // never ran, so nothing was queued.
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = clientErrorStatus(err);
    if (status) {
      options.logger?.warn({ path: req.path, status, reason: (err as { type?: string }).type ?? 'bad request' }, status === 413 ? 'request body over the limit; refused' : 'malformed request; refused');
      if (!res.headersSent) res.status(status).json({ error: status === 413 ? 'request body too large' : 'malformed request' });
      return;
    }
    options.logger?.error({ path: req.path, err: err instanceof Error ? err.message : String(err) }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });
  return app;
}

/** The 4xx status an error carries (body-parser sets status and expose), or null for a server fault. */
function clientErrorStatus(err: unknown): number | null {
  const status = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

export async function startHttpServer(options: HttpServerOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const app = createHttpApp(options);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host ?? '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
