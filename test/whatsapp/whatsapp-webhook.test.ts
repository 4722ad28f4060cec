import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makePageImage } from '../../scripts/fixtures/make-documents.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { message } from '../../src/core/messages.js';
import { useStartedWhatsApp } from './whatsapp-harness.js';

const PAGE = ['Plants make their own food.', 'They use sunlight, water and air.', 'This process is called photosynthesis.'];
const WORKING = [message('en', 'progress.working'), message('en', 'progress.queued')];

async function pagePhoto(): Promise<Buffer> {
  // WhatsApp re-encodes photos as JPEG.
  return sharp(await makePageImage(PAGE, { width: 1200, height: 1600, fontSize: 44 })).jpeg({ quality: 85 }).toBuffer();
}

describe('whatsapp: the webhook', () => {
  const suite = useStartedWhatsApp();

  it('answers Meta\'s verification with the challenge only for the right verify token', async () => {
    const url = (token: string, mode = 'subscribe') => `${suite.app.webhookUrl}?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    const ok = await fetch(url(suite.fake.verifyToken));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(url('wrong-token'))).status).toBe(403);
    expect((await fetch(url(suite.fake.verifyToken, 'unsubscribe'))).status).toBe(403);
  });

  it('refuses a bad or missing signature with 401 and queues nothing', async () => {
    const body = suite.fake.delivery('919800000001', [suite.fake.text('The sun is a star.')]);
    const before = suite.app.runtime.queue.stats();
    expect((await suite.fake.post(suite.app.webhookUrl, body, null)).status).toBe(401);
    expect((await suite.fake.post(suite.app.webhookUrl, body, `sha256=${'0'.repeat(64)}`)).status).toBe(401);
    // Signed over other bytes: the signature covers the raw body exactly as sent.
    const signedOther = (await import('node:crypto')).createHmac('sha256', suite.fake.appSecret).update(JSON.stringify(body) + ' ').digest('hex');
    expect((await suite.fake.post(suite.app.webhookUrl, body, `sha256=${signedOther}`)).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(suite.app.runtime.queue.stats()).toEqual(before);
    expect(suite.fake.sentTo('919800000001')).toEqual([]);
    expect(suite.fake.callsOf('read')).toEqual([]);
  });

  it('answers 400 to a signed body that is not a WhatsApp delivery, and 413 to one over the size limit', async () => {
    expect((await suite.fake.post(suite.app.webhookUrl, '{"object":"page","entry":[]}')).status).toBe(400);
    expect((await suite.fake.post(suite.app.webhookUrl, 'not json')).status).toBe(400);
    const huge = JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(1_100_000) });
    expect((await suite.fake.post(suite.app.webhookUrl, huge)).status).toBe(413);
  });

  it('logs a failed status callback with its error code and makes no job', async () => {
    const before = suite.app.runtime.queue.stats();
    const body = suite.fake.statusDelivery([
      { id: 'wamid.out1', status: 'delivered', timestamp: '1', recipient_id: '919800000009' },
      { id: 'wamid.out2', status: 'failed', timestamp: '1', recipient_id: '919800000009', errors: [{ code: 131047, title: 'Re-engagement message' }] },
    ]);
    expect((await suite.fake.post(suite.app.webhookUrl, body)).status).toBe(200);
    expect(suite.app.runtime.queue.stats()).toEqual(before);
    const line = suite.app.runtime.logs.find((l) => l.includes('reports a message we sent as failed'));
    expect(line).toMatch(/"code":131047/u);
    expect(line).not.toContain('919800000009');
  });
});

describe('whatsapp: a parent sends a photo of a page', () => {
  const suite = useStartedWhatsApp();

  it('marks it read with typing, says "working" within a second, then sends the text and an Ogg/Opus voice note by media id', async () => {
    const user = '919812345678';
    const mediaId = suite.fake.addMedia(await pagePhoto(), 'image/jpeg');
    const delivery = suite.fake.delivery(user, [suite.fake.image(mediaId)]);
    const wamid = wamidOf(delivery);
    const sentAt = performance.now();
    const response = await suite.fake.post(suite.app.webhookUrl, delivery);
    const answeredAt = performance.now();
    expect(response.status).toBe(200);
    // The job was stored before the 200.
    expect(await suite.app.runtime.queue.inFlight(`whatsapp:user:${user}`)).toBe(1);

    const read = await suite.fake.waitFor(() => suite.fake.callsOf('read').find((c) => c.body.message_id === wamid), 5000, 'mark as read');
    expect(read.body.typing_indicator).toEqual({ type: 'text' });
    const working = await suite.fake.waitFor(() => suite.fake.calls.find((c) => c.kind === 'message' && c.body.to === user), 5000, 'the working message');
    expect(WORKING).toContain((working.body.text as { body: string }).body);
    expect(working.body.context).toEqual({ message_id: wamid });
    expect(working.at - sentAt).toBeLessThan(1000);
    expect(answeredAt - sentAt).toBeLessThan(1000);

    const audio = await suite.fake.waitFor(() => suite.fake.audiosTo(user)[0], 60_000, 'the voice note');
    const texts = suite.fake.textsTo(user).slice(1);
    expect(texts.join('\n')).toMatch(/photosynthesis/iu);
    expect(texts.join('\n')).toMatch(/sunlight/iu);
    // The last line names the path that served.
    expect(texts.at(-1)!.split('\n').at(-1)).toBe(message('en', 'served.rule-based'));

    // Two steps for the photo: metadata, then the download with the token; one of each.
    expect(suite.fake.callsOf('media-info')).toHaveLength(1);
    expect(suite.fake.callsOf('download')).toHaveLength(1);
    const upload = suite.fake.callsOf('upload')[0]!.upload!;
    expect(upload.fields).toMatchObject({ messaging_product: 'whatsapp', type: 'audio/ogg; codecs=opus' });
    expect(upload.bytes.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(upload.bytes.includes(Buffer.from('OpusHead'))).toBe(true);
    expect((audio.audio as { id: string }).id).toBe(suite.fake.callsOf('upload')[0]!.body.id);
    // The voice note comes after the text.
    const order = suite.fake.sentTo(user).map((m) => m.type);
    expect(order.at(-1)).toBe('audio');

    // Nothing in the logs carries the token.
    expect(suite.app.runtime.logs.join('')).not.toContain(suite.fake.token);
  }, 90_000);

  it('answers the same webhook delivered twice once: one job, one reply', async () => {
    const user = '919812340002';
    const delivery = suite.fake.delivery(user, [suite.fake.text('Rivers carry water to the sea. Fish live in rivers.')]);
    const [a, b] = await Promise.all([suite.fake.post(suite.app.webhookUrl, delivery), suite.fake.post(suite.app.webhookUrl, delivery)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await suite.fake.waitFor(() => suite.fake.audiosTo(user).length === 1, 30_000, 'the voice note');
    // Meta tries again hours later: still nothing new.
    expect((await suite.fake.post(suite.app.webhookUrl, delivery)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(suite.fake.audiosTo(user)).toHaveLength(1);
    expect(suite.fake.textsTo(user).filter((t) => WORKING.includes(t))).toHaveLength(1);
    expect(suite.kit.simplified.filter((t) => /Rivers carry water/u.test(t))).toHaveLength(1);
  }, 60_000);

  it('refuses a 30 MB document from its declared size, before any download, in one sentence', async () => {
    const user = '919812340003';
    const mediaId = suite.fake.addMedia(Buffer.from('%PDF-1.4 small body'), 'application/pdf', 30_000_000);
    const downloads = suite.fake.callsOf('download').length;
    expect((await suite.fake.post(suite.app.webhookUrl, suite.fake.delivery(user, [suite.fake.document(mediaId, 'application/pdf', 'chapter.pdf')]))).status).toBe(200);
    const refusal = await suite.fake.waitFor(() => suite.fake.textsTo(user).find((t) => !WORKING.includes(t)), 20_000, 'the refusal');
    expect(refusal).toMatch(/too big/iu);
    expect(refusal).toMatch(/20 MB/u);
    expect(suite.fake.callsOf('download')).toHaveLength(downloads);
  }, 30_000);

  it('waits and retries a rate-limited send (130429, then HTTP 429), and sends it once', async () => {
    const user = '919812340004';
    suite.fake.failNext('message', { status: 400, code: 130429, message: '(#130429) Rate limit hit' });
    suite.fake.failNext('message', { status: 429, code: 131056, message: '(#131056) Pair rate limit hit', retryAfterSec: 0 });
    expect((await suite.fake.post(suite.app.webhookUrl, suite.fake.delivery(user, [suite.fake.text('The moon goes round the earth.')]))).status).toBe(200);
    await suite.fake.waitFor(() => suite.fake.audiosTo(user).length === 1, 30_000, 'the voice note');
    const tries = suite.fake.calls.filter((c) => c.kind === 'message' && c.body.to === user && c.body.type === 'text');
    expect(tries.filter((c) => !c.ok)).toHaveLength(2);
    expect(suite.fake.textsTo(user).filter((t) => WORKING.includes(t))).toHaveLength(1);
    expect(suite.fake.textsTo(user).filter((t) => /moon goes round/u.test(t))).toHaveLength(1);
  }, 60_000);

  it('parks a job WhatsApp will not deliver (131047, outside the 24-hour window) with its reason, without looping', async () => {
    const user = '919812340005';
    const failedBefore = suite.app.runtime.queue.stats().failed;
    suite.fake.failNext('message', { status: 400, code: 131047, message: '(#131047) Re-engagement message' }, 2);
    const delivery = suite.fake.delivery(user, [suite.fake.text('Birds build nests in spring.')]);
    expect((await suite.fake.post(suite.app.webhookUrl, delivery)).status).toBe(200);
    await until(() => suite.app.runtime.queue.stats().failed > failedBefore, 30_000, 'the job parked');
    expect(suite.app.runtime.logs.join('')).toMatch(/job parked[^\n]*131047|131047[^\n]*job parked/u);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The working message is tried when the job is accepted and once more by its one run; then no
    // retry, no pipeline run for an answer that cannot arrive, and no apology: nothing loops.
    expect(suite.fake.calls.filter((c) => c.kind === 'message' && c.body.to === user)).toHaveLength(2);
    expect(suite.kit.simplified.filter((t) => /Birds build nests/u.test(t))).toHaveLength(0);
    expect(suite.app.runtime.logs.filter((l) => l.includes(`whatsapp:message:${wamidOf(delivery)}`) && l.includes('"msg":"job started"'))).toHaveLength(1);
  }, 60_000);

  it('takes a voice note (Ogg/Opus, as WhatsApp records them) into a job, fetched in two steps', async () => {
    const user = '919812340007';
    const encoder = new OggOpusEncoder();
    const samples = new Float32Array(16_000).map((_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16_000));
    const note = await encoder.encode({ samples, sampleRate: 16_000 });
    await encoder.dispose();
    const mediaId = suite.fake.addMedia(note, 'audio/ogg; codecs=opus');
    const downloads = suite.fake.callsOf('download').length;
    await suite.fake.post(suite.app.webhookUrl, suite.fake.delivery(user, [{ type: 'audio', audio: { id: mediaId, mime_type: 'audio/ogg; codecs=opus', sha256: 'x', voice: true } }]));
    // The test pipeline has no speech recognizer: the note is fetched and read, then refused in one sentence.
    const answer = await suite.fake.waitFor(() => suite.fake.textsTo(user).find((t) => !WORKING.includes(t)), 30_000, 'the answer');
    expect(answer).toBe(message('en', 'refused.speech-not-installed'));
    expect(suite.fake.callsOf('download')).toHaveLength(downloads + 1);
  }, 40_000);

  it('answers a sticker with one sentence, in the language the user writes in', async () => {
    const user = '919812340006';
    await suite.fake.post(suite.app.webhookUrl, suite.fake.delivery(user, [suite.fake.text('मदद')]));
    await suite.fake.waitFor(() => suite.fake.listsTo(user).length === 2, 10_000, 'the help and lists');
    expect(suite.fake.textsTo(user)[0]).toBe(message('hi', 'whatsapp.help'));
    await suite.fake.post(suite.app.webhookUrl, suite.fake.delivery(user, [{ type: 'sticker', sticker: { id: '77', mime_type: 'image/webp', animated: false } }]));
    const answer = await suite.fake.waitFor(() => suite.fake.textsTo(user)[1], 10_000, 'the sentence');
    expect(answer).toBe(message('hi', 'refused.unsupported-type'));
  });
});

describe('whatsapp: an expired access token', () => {
  const suite = useStartedWhatsApp({ adapter: { maxRetries: 0 } });

  it('is logged once, clearly, shows in /healthz, and the token never reaches a log', async () => {
    suite.fake.expireToken();
    for (const user of ['919800000101', '919800000102']) {
      expect((await suite.fake.post(suite.app.webhookUrl, suite.fake.delivery(user, [suite.fake.text('The earth is round.')]))).status).toBe(200);
    }
    await suite.fake.waitFor(() => suite.fake.calls.filter((c) => c.kind === 'message').length >= 2, 10_000, 'refused sends');
    const health = (await (await fetch(`${suite.app.httpUrl}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ token: 'refused', tokenError: 190 });
    // Where the webhooks' time went: the signature check, the parse, the job stored, the whole request.
    const phases = health.webhookMs as Record<string, { count: number; p95: number }>;
    for (const phase of ['verify', 'parse', 'enqueue', 'store', 'total']) expect(phases[phase]?.count, phase).toBeGreaterThanOrEqual(2);
    const refusedLines = suite.app.runtime.logs.filter((l) => l.includes('access token refused'));
    expect(refusedLines).toHaveLength(1);
    expect(refusedLines[0]).toMatch(/WHATSAPP_ACCESS_TOKEN/u);
    suite.fake.restoreToken();
    await suite.fake.waitFor(() => suite.fake.audiosTo('919800000101').length > 0, 30_000, 'the answer after the token works again');
    expect(((await (await fetch(`${suite.app.httpUrl}/healthz`)).json()) as Record<string, unknown>).token).toBe('ok');
    expect(suite.app.runtime.logs.join('')).not.toContain(suite.fake.token);
  }, 60_000);
});

describe('whatsapp: WHATSAPP_ALLOWED_NUMBERS', () => {
  const suite = useStartedWhatsApp({ env: { WHATSAPP_ALLOWED_NUMBERS: '+91 98123 40010' } });

  it('answers only the numbers on the list', async () => {
    await suite.fake.post(suite.app.webhookUrl, suite.fake.delivery('919812340011', [suite.fake.text('Trees give us shade.')]));
    await suite.fake.post(suite.app.webhookUrl, suite.fake.delivery('919812340010', [suite.fake.text('Trees give us shade.')]));
    await suite.fake.waitFor(() => suite.fake.audiosTo('919812340010').length === 1, 30_000, 'the allowed user\'s answer');
    expect(suite.fake.textsTo('919812340011')).toEqual([message('en', 'access.denied')]);
    expect(suite.fake.audiosTo('919812340011')).toEqual([]);
  }, 60_000);
});

/** Polls a condition the fake cannot see change (the job store's counts). */
async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The message id of a delivery's first message. */
function wamidOf(delivery: Record<string, unknown>): string {
  return (delivery.entry as Array<{ changes: Array<{ value: { messages: Array<{ id: string }> } }> }>)[0]!.changes[0]!.value.messages[0]!.id;
}
