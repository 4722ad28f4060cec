import { describe, expect, it } from 'vitest';
import { useStartedBot } from '../telegram/bot-harness.js';

const SECRET = 'webhook-secret-for-tests_0123456789';

/**
 * An update is marked as seen only once its job is stored: when storing fails (the store is
 * down, or the process dies at that moment), the request fails, Telegram delivers the update
 * again, and the redelivery is answered instead of being dropped as a duplicate.
 */
describe('telegram: an update whose job could not be stored', () => {
  const suite = useStartedBot({ env: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hooks/telegram', TELEGRAM_WEBHOOK_SECRET: SECRET } });

  it('fails the webhook request, and answers the redelivery once', async () => {
    const chatId = 8301;
    const update = { update_id: 96_000, ...suite.fake.message(chatId, { text: 'Clouds are made of tiny drops of water.' }) };
    const queue = suite.bot.runtime.queue;
    const enqueue = queue.enqueue.bind(queue);
    let failures = 1;
    queue.enqueue = async (job) => (failures-- > 0 ? Promise.reject(new Error('the job store is not reachable')) : enqueue(job));
    const post = () => fetch(`${suite.bot.httpUrl}/hooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });

    expect((await post()).status).toBe(500);
    expect((await post()).status).toBe(200);
    await suite.fake.waitFor(() => suite.fake.callsOf('sendVoice', chatId).length === 1, 20_000, 'the answer');
    expect((await post()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(suite.fake.callsOf('sendVoice', chatId)).toHaveLength(1);
    expect(suite.kit.requests).toHaveLength(1);
  });
});
