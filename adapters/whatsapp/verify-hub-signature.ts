import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `X-Hub-Signature-256` ("sha256=<hex>") is the HMAC-SHA256 of the raw request body
 * with the Meta app secret. Compared in constant time; a missing or malformed header is false.
 * The body must be the bytes as sent: parsing and re-serialising JSON would change them.
 */
export function verifyHubSignature(rawBody: Buffer, header: string | string[] | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !appSecret) return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
