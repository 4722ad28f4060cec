import type { Logger } from '../../src/log/logger.js';
import type { GraphApiError } from './graph-api-error.js';

/**
 * Whether Meta accepts the access token. A refused token (HTTP 401, code 190: expired or revoked)
 * stops every reply until a person sets a new one, so it is logged once, loudly and with what to
 * do, and /healthz shows it until a call succeeds again. The token itself is never logged.
 */
export class TokenHealth {
  private refused: { since: string; code: number | null; status: number } | null = null;

  constructor(private readonly logger: Logger) {}

  update(state: 'refused' | 'accepted', err?: GraphApiError): void {
    if (state === 'accepted') {
      if (this.refused) this.logger.info('WhatsApp access token accepted again');
      this.refused = null;
      return;
    }
    if (this.refused) return;
    this.refused = { since: new Date().toISOString(), code: err?.code ?? null, status: err?.status ?? 401 };
    this.logger.error(
      { code: this.refused.code, status: this.refused.status },
      'WhatsApp access token refused (expired or revoked): no replies can be sent. Create a permanent system-user token (README: WhatsApp) and set WHATSAPP_ACCESS_TOKEN, then restart',
    );
  }

  health(): Record<string, unknown> {
    return this.refused ? { token: 'refused', tokenRefusedSince: this.refused.since, tokenError: this.refused.code ?? this.refused.status } : { token: 'ok' };
  }
}
