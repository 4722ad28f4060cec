import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../src/app/compose.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { installFixtureModels } from '../translate/indictrans2-fixture.js';
import { startBot, type BotHarness } from './bot-harness.js';
import { FakeBotApi } from './fake-bot-api.js';
import { tempDataDir } from './test-runtime.js';

/**
 * A Telegram job through the service's own composed pipeline (compose.ts, as `serve` builds it)
 * with the IndicTrans2 fixture export installed: the reply a Hindi-speaking parent gets is the
 * model's translation, with the amount, date, link and address as they were sent.
 */
describe('telegram: a circular translated to Hindi by the installed IndicTrans2 model', () => {
  let fake: FakeBotApi;
  let bot: BotHarness;
  let services: Services;
  let modelsDir: string;

  beforeAll(async () => {
    modelsDir = await installFixtureModels([{ id: 'it2-fixture', direction: 'en-indic' }]);
    const dataDir = tempDataDir();
    const env = { MODELS_DIR: modelsDir, LLM_GPU: 'off', LLM_THREADS: '1', DATA_DIR: dataDir };
    services = await composeServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), createLogger('silent'));
    fake = await FakeBotApi.start();
    bot = await startBot(fake, { pipeline: services.pipeline, dataDir, env });
  });

  afterAll(async () => {
    await bot?.stop();
    await services?.close();
    await fake?.close();
    await rm(path.dirname(modelsDir), { recursive: true, force: true });
  });

  it('replies in Hindi with the four protected items unchanged', async () => {
    const chatId = 8101;
    fake.pushUpdate(fake.message(chatId, { text: '/language हिन्दी', entities: [{ type: 'bot_command', offset: 0, length: 9 }] }));
    await fake.waitFor(() => fake.textsTo(chatId).length >= 1, 10_000, 'the language confirmation');
    fake.pushUpdate(fake.message(chatId, { text: 'The school is closed tomorrow. Fees of ₹1,250 are due on 15/08/2024; see https://school.example/fees or write to office@school.example' }));
    const reply = await fake.waitFor(() => fake.textsTo(chatId).find((t) => t.includes('विद्यालय')), 60_000, 'the Hindi reply');
    for (const item of ['₹1,250', '15/08/2024', 'https://school.example/fees', 'office@school.example']) expect(reply).toContain(item);
    expect(reply).toMatch(/शुल्क का ₹1,250 हैं देय पर 15\/08\/2024/u);
  });
});
