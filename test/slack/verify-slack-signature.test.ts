import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../adapters/slack/verify-slack-signature.js';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const body = Buffer.from('token=xyz&team_id=T1&command=%2Fsimplify&text=grade+6+hindi', 'utf8');
const now = 1_700_000_000_000;
const ts = String(now / 1000);
const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body.toString('utf8')}`).digest('hex')}`;

describe('verifySlackSignature (v0 HMAC, 5-minute window)', () => {
  it('accepts a request signed with the secret', () => {
    expect(verifySlackSignature({ rawBody: body, timestampHeader: ts, signatureHeader: signature }, secret, now)).toEqual({ ok: true });
    expect(verifySlackSignature({ rawBody: body, timestampHeader: ts, signatureHeader: signature }, secret, now + 299_000)).toEqual({ ok: true });
  });

  it('refuses a wrong secret, a changed body, a changed timestamp and a wrong version', () => {
    expect(verifySlackSignature({ rawBody: body, timestampHeader: ts, signatureHeader: signature }, 'other-secret', now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySlackSignature({ rawBody: Buffer.concat([body, Buffer.from('x')]), timestampHeader: ts, signatureHeader: signature }, secret, now)).toMatchObject({ ok: false });
    expect(verifySlackSignature({ rawBody: body, timestampHeader: String(Number(ts) + 1), signatureHeader: signature }, secret, now)).toMatchObject({ ok: false });
    expect(verifySlackSignature({ rawBody: body, timestampHeader: ts, signatureHeader: signature.replace('v0=', 'v1=') }, secret, now)).toMatchObject({ ok: false });
  });

  it('refuses stale and future timestamps beyond 5 minutes', () => {
    expect(verifySlackSignature({ rawBody: body, timestampHeader: ts, signatureHeader: signature }, secret, now + 301_000)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySlackSignature({ rawBody: body, timestampHeader: ts, signatureHeader: signature }, secret, now - 301_000)).toEqual({ ok: false, reason: 'stale' });
  });

  it('refuses missing or repeated headers and an empty secret', () => {
    expect(verifySlackSignature({ rawBody: body, timestampHeader: undefined, signatureHeader: signature }, secret, now)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackSignature({ rawBody: body, timestampHeader: [ts, ts], signatureHeader: signature }, secret, now)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackSignature({ rawBody: body, timestampHeader: '1e9', signatureHeader: signature }, secret, now)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackSignature({ rawBody: body, timestampHeader: ts, signatureHeader: signature }, '', now)).toEqual({ ok: false, reason: 'missing-headers' });
  });
});
