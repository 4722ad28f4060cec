import type { Router } from 'express';

/** A chat platform's edge: turns its events into jobs and owns its duties (ack, dedupe, limits). */
export interface ChatAdapter {
  readonly name: string;
  /** Express routers to mount on the HTTP server (webhooks); empty for pure polling adapters. */
  routes(): Array<{ path: string; router: Router }>;
  /** Starts receiving (polling loops, socket connections, webhook registration). */
  start(): Promise<void>;
  /** Stops receiving; jobs already accepted are left to the queue. */
  stop(): Promise<void>;
  health(): Record<string, unknown>;
}
