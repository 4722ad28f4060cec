import express, { type Router } from 'express';
import type { Logger } from '../../src/log/logger.js';
import type { PhaseTimings } from '../shared/phase-timings.js';
import { sameSecret } from '../shared/same-secret.js';
import { verifyHubSignature } from './verify-hub-signature.js';
import { readWebhook, type WebhookContents } from './webhook-payload.js';

export interface WhatsAppWebhookOptions {
  appSecret: string;
  verifyToken: string;
  logger: Logger;
  /** Stores what the delivery asks for (jobs, settings) and resolves once it is stored. */
  onDelivery: (contents: WebhookContents) => Promise<void>;
  /** True once the adapter is stopping: Meta is told to come back later. */
  isStopping: () => boolean;
  /** Largest body read. Defaults to 1 MB (a delivery is a few KB; Meta batches at most a few messages). */
  bodyLimitBytes?: number;
  /** Where each POST's phases are timed (read, verify, parse, store, total). Defaults to none. */
  timings?: PhaseTimings;
}

export const WHATSAPP_WEBHOOK_PATH = '/whatsapp/webhook';

/**
 * The WhatsApp webhook on the service's own port:
 * - GET answers Meta's verification (hub.mode=subscribe and our verify token) with hub.challenge, else 403;
 * - POST reads the raw body (over the limit: 413), checks X-Hub-Signature-256 against it in
 *   constant time (else 401 and nothing else happens), parses it (malformed: 400), and answers
 *   200 only after every message in it is stored as a job; a failure to store answers 500, so
 *   Meta delivers it again.
 */
export function whatsappWebhookRoute(options: WhatsAppWebhookOptions): { path: string; router: Router } {
  const router = express.Router();

  router.get('/', (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && sameSecret(token, options.verifyToken) && typeof challenge === 'string' && challenge.length <= 256) {
      options.logger.info('WhatsApp webhook verified by Meta');
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    options.logger.warn('WhatsApp webhook verification refused: wrong hub.mode or verify token');
    res.status(403).end();
  });

  const timings = options.timings;
  const arrived = new WeakMap<express.Request, number>();
  const markArrival: express.RequestHandler = (req, _res, next) => {
    arrived.set(req, performance.now());
    next();
  };
  router.post('/', markArrival, express.raw({ type: () => true, limit: options.bodyLimitBytes ?? 1_000_000 }), async (req, res) => {
    const started = arrived.get(req) ?? performance.now();
    timings?.record('read', performance.now() - started);
    if (timings) res.once('finish', () => timings.record('total', performance.now() - started));
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verifyStarted = performance.now();
    const signed = verifyHubSignature(rawBody, req.headers['x-hub-signature-256'], options.appSecret);
    timings?.record('verify', performance.now() - verifyStarted);
    if (!signed) {
      options.logger.warn({ hasSignature: req.headers['x-hub-signature-256'] !== undefined }, 'WhatsApp webhook refused: signature check failed');
      res.status(401).end();
      return;
    }
    let contents: WebhookContents | null = null;
    const parseStarted = performance.now();
    try {
      contents = readWebhook(JSON.parse(rawBody.toString('utf8')));
    } catch {
      contents = null;
    }
    timings?.record('parse', performance.now() - parseStarted);
    if (!contents) {
      res.status(400).end();
      return;
    }
    if (options.isStopping()) {
      res.status(503).end();
      return;
    }
    try {
      const storeStarted = performance.now();
      await options.onDelivery(contents);
      timings?.record('store', performance.now() - storeStarted);
      res.status(200).end();
    } catch (err) {
      options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'WhatsApp delivery could not be stored; Meta will deliver it again');
      if (!res.headersSent) res.status(500).end();
    }
  });

  // express.raw's own errors: a body over the limit, a broken stream.
  router.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status === 413 ? 413 : 400).end();
  });
  return { path: WHATSAPP_WEBHOOK_PATH, router };
}
