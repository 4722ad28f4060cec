import express, { type Router } from 'express';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../src/log/logger.js';
import { processHoldingAck } from './held-ack.js';
import { safeErrorText } from './slack-errors.js';
import { verifySlackSignature } from './verify-slack-signature.js';

export interface SlackHttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Values never written to logs. */
  secrets?: ReadonlyArray<string | undefined>;
  /** Largest request body read. Defaults to 1 MB (events and interactions are a few KB). */
  bodyLimitBytes?: number;
  /** Clock for the signature window, in ms. Defaults to Date.now. */
  now?: () => number;
  /** When a held acknowledgement is sent even though listeners are still busy. Defaults to 2500 ms. */
  flushAckAfterMs?: number;
}

/**
 * Slack's HTTP requests (Events API, slash commands, interactivity) on the service's own express
 * server: mount `router` at /slack/events. Every request is verified before anything else (bad
 * or stale signature: 401, nothing else happens), then parsed and handed to Bolt's App. The
 * HTTP 200 goes out after the listeners return, so the job they enqueue is stored before Slack
 * is told the event arrived (see processHoldingAck). Written instead of Bolt's ExpressReceiver
 * because that one acknowledges events before listeners, accepts future timestamps, and mounts
 * its own express app.
 */
export class SlackHttpReceiver implements Receiver {
  readonly router: Router;
  private app: Pick<App, 'processEvent'> | null = null;
  private started = false;
  private readonly counts = { verified: 0, rejected: 0, retries: 0 };

  constructor(private readonly options: SlackHttpReceiverOptions) {
    this.router = express.Router();
    // Raw bytes: the signature covers the body exactly as sent.
    this.router.post('/', express.raw({ type: () => true, limit: options.bodyLimitBytes ?? 1_000_000 }), (req, res) => this.handle(req, res));
    // An over-limit or unreadable body goes to the HTTP server's error handler: 413 or 400, one log line.
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
  }

  stats(): Readonly<typeof this.counts> {
    return { ...this.counts };
  }

  private async handle(req: express.Request, res: express.Response): Promise<void> {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verifySlackSignature(
      { rawBody, timestampHeader: req.headers['x-slack-request-timestamp'], signatureHeader: req.headers['x-slack-signature'] },
      this.options.signingSecret,
      (this.options.now ?? Date.now)(),
    );
    if (!verdict.ok) {
      this.counts.rejected += 1;
      this.options.logger.warn({ reason: verdict.reason }, 'Slack request refused: signature check failed');
      res.status(401).end();
      return;
    }
    this.counts.verified += 1;

    let body: Record<string, unknown>;
    try {
      body = parseBody(rawBody, req.headers['content-type']);
    } catch {
      res.status(400).end();
      return;
    }
    if (body.ssl_check) {
      res.status(200).end();
      return;
    }
    if (body.type === 'url_verification') {
      res.json({ challenge: typeof body.challenge === 'string' ? body.challenge : '' });
      return;
    }
    if (!this.started || !this.app) {
      // Not started yet (or stopping): Slack retries events, which then find us ready.
      res.status(503).end();
      return;
    }

    const retryNum = Number.parseInt(String(req.headers['x-slack-retry-num'] ?? ''), 10);
    if (Number.isFinite(retryNum)) this.counts.retries += 1;
    const event: ReceiverEvent = {
      body,
      ...(Number.isFinite(retryNum) ? { retryNum } : {}),
      ...(typeof req.headers['x-slack-retry-reason'] === 'string' ? { retryReason: req.headers['x-slack-retry-reason'] } : {}),
      ack: async (response?: unknown) => {
        if (res.headersSent) return;
        if (response === undefined || response === '') res.status(200).end();
        else if (typeof response === 'string') res.status(200).type('text/plain').send(response);
        else res.status(200).json(response);
      },
    };
    try {
      await processHoldingAck(this.app, event, this.options.flushAckAfterMs);
      // Nothing acknowledged (no listener matched): Slack still wants a 200.
      if (!res.headersSent) res.status(200).end();
    } catch (err) {
      this.options.logger.warn({ err: safeErrorText(err, this.options.secrets ?? [this.options.signingSecret]) }, 'Slack request failed before it was stored; Slack will retry');
      // 500 makes Slack retry an event the listeners could not store.
      if (!res.headersSent) res.status(500).end();
    }
  }
}

/** Events come as JSON; slash commands as a form; interactions as a form with a JSON `payload`. */
export function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload !== null) return asObject(JSON.parse(payload));
    return Object.fromEntries(form.entries());
  }
  return asObject(JSON.parse(text));
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError('body is not an object');
  return value as Record<string, unknown>;
}
