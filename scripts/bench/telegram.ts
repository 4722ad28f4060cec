/**
 * Telegram benchmark: 10 chats send a photo of a page at the same moment. Prints, per update,
 * the time to the bot's first message ("working on it") and to the final reply (the voice note,
 * which is sent last; the text reply is shown too), as p50/p95/max, and the peak RSS of the
 * service process.
 *
 * Two processes, so the numbers are the service's own: this one runs the service exactly as
 * `serve` builds it (createServiceRuntime with the real pipeline, createTelegramAdapter, long
 * polling); a child runs the project's fake Bot API (test/telegram/fake-bot-api.ts), pushes the
 * updates and times the answers on its side of the HTTP connection, from the moment each update
 * was made available to getUpdates.
 *
 *   node --import tsx scripts/bench/telegram.ts [--chats 10] [--rounds 1] [--pipeline real|test]
 *
 * --pipeline test swaps the composed pipeline for the Telegram tests' one (real intake, tesseract.js
 * OCR, espeak-ng voice and Ogg/Opus encoder; the text passed through unsimplified), for when the
 * composition root is being changed.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTelegramAdapter } from '../../adapters/telegram/telegram-adapter.js';
import { loadConfig } from '../../src/app/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { createServiceRuntime } from '../../src/app/service-runtime.js';
import { describeMemoryMap, sampleMemoryMap } from './memory-map.js';
import { chatBenchPagePhoto, chatBenchServices } from './chat-bench-pipeline.js';
import { childMessages } from './child-messages.js';
import { formatMs, percentileOf, printLatencyRow } from './latency-row.js';

interface Timing {
  chatId: number;
  firstMs: number;
  textMs: number;
  finalMs: number;
  ok: boolean;
}

type ChildMessage = { type: 'ready'; apiRoot: string; token: string } | { type: 'done'; timings: Timing[]; wallMs: number } | { type: 'error'; message: string };

const { values } = parseArgs({
  options: { chats: { type: 'string', default: '10' }, rounds: { type: 'string', default: '1' }, pipeline: { type: 'string', default: 'real' }, role: { type: 'string' } },
});
const CHATS = Number(values.chats);
const ROUNDS = Number(values.rounds);

if (values.role === 'fake-bot-api') await runFakeBotApi();
else await runService();

async function runService(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--role', 'fake-bot-api', '--chats', String(CHATS), '--pipeline', String(values.pipeline)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = childMessages<ChildMessage>(child, 'fake Bot API');
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`fake Bot API did not start: ${JSON.stringify(ready)}`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shikshasetu-bench-telegram-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: ready.token, TELEGRAM_API_ROOT: ready.apiRoot, TELEGRAM_WEBHOOK_URL: '', LOG_LEVEL: 'warn', RESULT_CACHE_MAX_BYTES: '0' }); // every chat sends the same page: the cache would answer all but the first
  const logger = createLogger(config.logLevel || 'info');
  // --pipeline test: the Telegram tests' pipeline instead of the composed one.
  const { services, close: closeTestPipeline } = await chatBenchServices(String(values.pipeline));
  const runtime = createServiceRuntime(config, logger, services);
  const adapter = createTelegramAdapter(runtime, { pollingTimeoutSec: 5 });
  await runtime.queue.start();
  await adapter.start();

  const all: Timing[] = [];
  let wall = 0;
  const memory = sampleMemoryMap();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      child.send({ type: 'go', round });
      const result = await next();
      if (result.type !== 'done') throw new Error(`round ${round} failed: ${JSON.stringify(result)}`);
      all.push(...result.timings);
      wall += result.wallMs;
      console.log(`round ${round + 1}: ${result.timings.filter((t) => t.ok).length}/${result.timings.length} answered in ${Math.round(result.wallMs)} ms`);
    }
  } finally {
    await adapter.stop();
    await runtime.queue.stop(10_000);
    await runtime.close();
    await closeTestPipeline();
    child.send({ type: 'exit' });
    rmSync(dataDir, { recursive: true, force: true });
  }

  const ok = all.filter((t) => t.ok);
  const answered = all.filter((t) => Number.isFinite(t.firstMs));
  console.log(`\nTelegram: ${CHATS} chats send a page photo at once (${ROUNDS} round(s), ${values.pipeline} pipeline, ${ok.length}/${all.length} answered with a voice note, JOB_CONCURRENCY=${config.jobConcurrency}, ${os.cpus().length} CPUs, Node ${process.version})`);
  printLatencyRow('update -> first bot message', answered.map((t) => t.firstMs));
  printLatencyRow('update -> simplified text', ok.map((t) => t.textMs));
  printLatencyRow('update -> final reply (voice note)', ok.map((t) => t.finalMs));
  console.log(`${'all answered (wall)'.padEnd(34)} ${formatMs(wall)}`);
  console.log(`${'peak RSS of the service'.padEnd(34)} ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  const peakMap = memory.stop();
  if (peakMap) console.log(`${'where it was (1 s samples)'.padEnd(34)} ${describeMemoryMap(peakMap)}`);
  console.log(`target: first message p95 <= 300 ms -> ${percentileOf(answered.map((t) => t.firstMs), 95) <= 300 ? 'met' : 'NOT met'}`);
  process.exit(ok.length === all.length ? 0 : 1);
}

async function runFakeBotApi(): Promise<void> {
  const { FakeBotApi } = await import('../../test/telegram/fake-bot-api.js');
  const fake = await FakeBotApi.start();
  const photo = await chatBenchPagePhoto(String(values.pipeline));
  process.send!({ type: 'ready', apiRoot: fake.apiRoot, token: fake.token });

  process.on('message', async (msg: { type: string; round?: number }) => {
    if (msg.type === 'exit') {
      await fake.close();
      process.exit(0);
    }
    if (msg.type !== 'go') return;
    try {
      const base = 100_000 + (msg.round ?? 0) * 1000;
      const chats = Array.from({ length: CHATS }, (_, i) => base + i);
      const started = performance.now();
      const updates = chats.map((chatId) => ({ chatId, updateId: fake.pushUpdate(fake.photoMessage(chatId, photo)) }));
      const voiceFor = (chatId: number) => fake.callsOf('sendVoice', chatId).find((c) => c.ok);
      const endedFor = (chatId: number) => voiceFor(chatId) ?? fake.callsOf('sendMessage', chatId).find((c) => c.ok && /could not|sorry|too big|clearer/i.test(String(c.params.text)));
      await fake.waitFor(() => chats.every((c) => endedFor(c)), 600_000, 'every chat to be answered');
      const wallMs = performance.now() - started;
      const timings: Timing[] = updates.map(({ chatId, updateId }) => {
        const pushed = fake.pushedAt(updateId)!;
        const sent = fake.callsOf('sendMessage', chatId).filter((c) => c.ok);
        const text = sent.find((c) => c.params.parse_mode === 'HTML');
        const voice = voiceFor(chatId);
        return { chatId, firstMs: (sent[0]?.at ?? NaN) - pushed, textMs: (text?.at ?? NaN) - pushed, finalMs: (voice ?? endedFor(chatId))!.at - pushed, ok: voice !== undefined };
      });
      process.send!({ type: 'done', timings, wallMs });
    } catch (err) {
      process.send!({ type: 'error', message: String(err) });
    }
  });
}
