import { describe, expect, it } from 'vitest';
import { useStartedBot } from './bot-harness.js';

const SECRET = 'webhook-secret-for-tests_0123456789';

describe('telegram: webhook mode', () => {
  const suite = useStartedBot({ env: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hooks/telegram', TELEGRAM_WEBHOOK_SECRET: SECRET } });
  let nextUpdateId = 90_000;

  const post = (update: Record<string, unknown>, secret: string | undefined) =>
    fetch(`${suite.bot.httpUrl}/hooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
      body: JSON.stringify({ update_id: nextUpdateId++, ...update }),
    });

  it('registers the webhook with its secret and polls nothing', () => {
    const [setWebhook] = suite.fake.callsOf('setWebhook');
    expect(setWebhook!.params).toMatchObject({ url: 'https://bot.example.org/hooks/telegram', secret_token: SECRET });
    expect(suite.fake.callsOf('getUpdates')).toHaveLength(0);
    expect(suite.bot.adapter.health()).toMatchObject({ mode: 'webhook', state: 'running' });
  });

  it('answers 401 to a wrong or missing secret and starts nothing', async () => {
    const chatId = 8001;
    const wrong = await post(suite.fake.message(chatId, { text: 'Forged page text.' }), 'not-the-secret');
    expect(wrong.status).toBe(401);
    const missing = await post(suite.fake.message(chatId, { text: 'Forged page text.' }), undefined);
    expect(missing.status).toBe(401);
    const almost = await post(suite.fake.message(chatId, { text: 'Forged page text.' }), `${SECRET}x`);
    expect(almost.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(suite.fake.callsOf('sendMessage', chatId)).toHaveLength(0);
    expect(suite.bot.runtime.queue.stats()).toMatchObject({ queued: 0, running: 0, done: 0, failed: 0 });
    expect(suite.kit.requests).toHaveLength(0);
  });

  it('answers 413 to a 20 MB body and 400 to a malformed one, even with the right secret, and queues nothing', async () => {
    const before = suite.bot.runtime.queue.stats();
    const send = (body: string | Buffer) =>
      fetch(`${suite.bot.httpUrl}/hooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
    const huge = Buffer.concat([Buffer.from('{"update_id":1,"message":{"text":"'), Buffer.alloc(20_000_000, 0x61), Buffer.from('"}}')]);
    const tooBig = await send(huge);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ error: 'request body too large' });
    const malformed = await send('{"update_id": 1, "message": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'malformed request' });
    expect(suite.bot.runtime.queue.stats()).toEqual(before);
  });

  it('enqueues a genuine update, answers 200 at once, and answers a redelivery once', async () => {
    const chatId = 8002;
    const update = { update_id: 95_000, ...suite.fake.message(chatId, { text: 'Rain falls from clouds.' }) };
    const started = performance.now();
    const first = await post(update, SECRET);
    expect(first.status).toBe(200);
    // The HTTP answer does not wait for the job.
    expect(performance.now() - started).toBeLessThan(2000);
    const again = await post(update, SECRET);
    expect(again.status).toBe(200);
    await suite.fake.waitFor(() => suite.fake.callsOf('sendVoice', chatId).length === 1, 10_000, 'the answer');
    await new Promise((r) => setTimeout(r, 300));
    expect(suite.fake.textsTo(chatId).filter((t) => /working|in line/i.test(t))).toHaveLength(1);
    expect(suite.fake.callsOf('sendVoice', chatId)).toHaveLength(1);
  });

  it('answers a redelivered command once too (commands need no job, the dedupe window still holds)', async () => {
    const chatId = 8003;
    const update = { update_id: 96_000, ...suite.fake.message(chatId, { text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] }) };
    expect((await post(update, SECRET)).status).toBe(200);
    expect((await post(update, SECRET)).status).toBe(200);
    await suite.fake.waitFor(() => suite.fake.textsTo(chatId).length > 0, 5000, 'the help text');
    await new Promise((r) => setTimeout(r, 300));
    expect(suite.fake.textsTo(chatId)).toHaveLength(1);
  });
});
