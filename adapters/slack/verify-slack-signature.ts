import { verifySlackRequest } from '@slack/bolt';

/** Slack's replay window: a request signed more than this far from our clock is refused. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export interface SignedRequest {
  /** The body exactly as received; the signature covers these bytes. */
  rawBody: Buffer;
  timestampHeader: string | string[] | undefined;
  signatureHeader: string | string[] | undefined;
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'missing-headers' | 'stale' | 'bad-signature' };

/**
 * Checks Slack's v0 request signature (HMAC-SHA256 of "v0:<timestamp>:<body>" with the signing
 * secret) with Bolt's verifySlackRequest, which compares in constant time. Bolt only refuses
 * timestamps from the past; the window is applied both ways here, so a request "signed" in the
 * future cannot be replayed later either.
 */
export function verifySlackSignature(request: SignedRequest, signingSecret: string, nowMs: number = Date.now()): SignatureVerdict {
  const timestamp = single(request.timestampHeader);
  const signature = single(request.signatureHeader);
  if (!signingSecret || timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'missing-headers' };
  }
  const seconds = Number(timestamp);
  if (Math.abs(nowMs / 1000 - seconds) > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  try {
    verifySlackRequest({
      signingSecret,
      body: request.rawBody.toString('utf8'),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds },
      nowMilliseconds: nowMs,
    });
    return { ok: true };
  } catch {
    return { ok: false, reason: 'bad-signature' };
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
