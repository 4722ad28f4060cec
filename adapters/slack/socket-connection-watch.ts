/** The part of Socket Mode's client (an EventEmitter) this watch listens to. */
export interface ConnectionEvents {
  on(event: 'connected' | 'disconnected' | 'reconnecting', listener: () => void): unknown;
}

/** How long Socket Mode may stay disconnected, reconnecting, before /healthz calls Slack failed. */
export const SOCKET_DOWN_LIMIT_MS = 60_000;

/**
 * Follows a Socket Mode client's connection. The client reconnects on its own, waiting longer
 * after each failure (5 s, 10 s, 15 s, ...); a connection still down after SOCKET_DOWN_LIMIT_MS
 * (four or so tries) is a failure an operator should see, not a blip.
 */
export class SocketConnectionWatch {
  private connected = false;
  private downSince: number | null = null;

  constructor(client: ConnectionEvents, private readonly now: () => number = Date.now, private readonly limitMs = SOCKET_DOWN_LIMIT_MS) {
    client.on('connected', () => {
      this.connected = true;
      this.downSince = null;
    });
    const down = () => {
      this.connected = false;
      this.downSince ??= this.now();
    };
    client.on('disconnected', down);
    client.on('reconnecting', down);
  }

  /** Why the socket counts as failed, or null. Only meaningful while the adapter runs. */
  failure(): string | null {
    if (this.downSince === null) return null;
    const downMs = this.now() - this.downSince;
    return downMs > this.limitMs ? `Socket Mode connection down for ${Math.round(downMs / 1000)} s, still reconnecting` : null;
  }

  health(): { socket: 'connected' | 'reconnecting' | 'not connected'; socketDownSec?: number } {
    if (this.connected) return { socket: 'connected' };
    if (this.downSince === null) return { socket: 'not connected' };
    return { socket: 'reconnecting', socketDownSec: Math.round((this.now() - this.downSince) / 1000) };
  }
}
