import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoOfText, SAMPLE_TEXTS } from '../../scripts/fixtures/page-photo.js';
import { message } from '../../src/core/messages.js';
import { FakeBotApi } from '../telegram/fake-bot-api.js';
import { noTestRedis, startTestRedis, type TestRedis } from './helpers/redis-server.js';
import { metricValue, startService, type ServiceProcess } from './helpers/service-process.js';
import { installSlowModel, SLOW_MODEL_ENV } from './helpers/slow-model.js';

/**
 * Scale-out with REDIS_URL, end to end with real processes against a real redis-server: two
 * ingress processes receive Telegram webhooks, two worker processes share the BullMQ queue, and
 * the worker running a job is killed (SIGKILL) in the simplify stage.
 */
const HOOK_PATH = '/telegram/hook';
const SECRET = 'webhook-secret-for-the-test-0123';
const CHAT = 7171;
const WORKING = [message('en', 'progress.working'), message('en', 'progress.queued')];
const SIMPLIFYING = message('en', 'progress.simplifying');

let redis: TestRedis;
let fake: FakeBotApi;
let modelsDir: string;
let env: Record<string, string>;
let page: Buffer;
const processes: ServiceProcess[] = [];
let ingress: ServiceProcess[] = [];
let workers: ServiceProcess[] = [];

const replies = (chatId: number) => fake.textsTo(chatId).filter((t) => !WORKING.includes(t));
const progressMessages = (chatId: number) => fake.textsTo(chatId).filter((t) => WORKING.includes(t));
const voices = (chatId: number) => fake.callsOf('sendVoice', chatId).filter((c) => c.ok);

async function start(name: string, role: 'ingress' | 'worker'): Promise<ServiceProcess> {
  const service = await startService({
    name,
    args: ['--role', role],
    env: { ...env, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), `shikshasetu-${name}-`)) },
    readyLog: role === 'ingress' ? /telegram adapter started/u : /worker started/u,
  });
  processes.push(service);
  return service;
}

async function post(target: ServiceProcess, update: Record<string, unknown>): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${target.port}${HOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  await response.body?.cancel();
  return response.status;
}

async function sumMetric(targets: ServiceProcess[], name: string, labels: Record<string, string>): Promise<number> {
  let total = 0;
  for (const target of targets) total += metricValue(await target.metrics(), name, labels);
  return total;
}

async function waitForSum(targets: () => ServiceProcess[], name: string, labels: Record<string, string>, value: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const seen = await sumMetric(targets(), name, labels);
    if (seen >= value) return;
    if (Date.now() > until) throw new Error(`${name}${JSON.stringify(labels)} summed to ${seen}, expected ${value}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  redis = await startTestRedis();
  fake = await FakeBotApi.start();
  modelsDir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-scale-models-'));
  await installSlowModel(modelsDir);
  env = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: `https://bot.example.test${HOOK_PATH}`,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `t${randomUUID().slice(0, 8)}`,
    MODELS_DIR: modelsDir,
    JOB_CONCURRENCY: '1',
    ...SLOW_MODEL_ENV,
  };
  page = (await photoOfText(SAMPLE_TEXTS.en!)).jpeg;
  [ingress, workers] = await Promise.all([
    Promise.all([start('ingress-a', 'ingress'), start('ingress-b', 'ingress')]),
    Promise.all([start('worker-1', 'worker'), start('worker-2', 'worker')]),
  ]);
}, 300_000);

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  await fake?.close();
  await redis?.stop();
  if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
});

/** Real processes on a loaded 2-core machine: each step waits on what the chat sees, with room to spare. */
const TEST_TIMEOUT_MS = 300_000;

describe.skipIf(noTestRedis())('serve --role ingress / --role worker against one Redis', () => {
  it('makes one job of an update two ingress processes receive, and finishes it once after its worker is killed', async () => {
    const update = { update_id: 9001, ...fake.photoMessage(CHAT, page) };
    expect(await Promise.all([post(ingress[0]!, update), post(ingress[1]!, update)])).toEqual([200, 200]);
    await fake.waitFor(() => fake.callsOf('editMessageText', CHAT).some((c) => c.params.text === SIMPLIFYING), 90_000, 'the "simplifying" edit');
    const running = workers.find((w) => /"msg":"job started"/u.test(w.logs()));
    expect(running).toBeDefined();
    running!.child.kill('SIGKILL');
    await running!.exited;
    const index = workers.indexOf(running!);
    workers[index] = await start(`${running!.name}-restarted`, 'worker');

    // Whichever worker finds the stalled job (its lock runs out) finishes it.
    await fake.waitFor(() => voices(CHAT).length === 1, 150_000, 'the voice note');
    await waitForSum(() => workers, 'shikshasetu_job_runs_total', { outcome: 'done' }, 1);
    expect(progressMessages(CHAT)).toHaveLength(1);
    expect(replies(CHAT)).toHaveLength(1);
    expect(replies(CHAT)[0]).toMatch(/photosynthesis|plants/iu);
    expect(voices(CHAT)).toHaveLength(1);
    expect(await sumMetric(ingress, 'shikshasetu_jobs_enqueued_total', { outcome: 'accepted' })).toBe(1);
    expect(workers.map((w) => w.logs()).join('\n')).toMatch(/"jobId":"telegram:update:9001","run":2/u);
  }, TEST_TIMEOUT_MS);

  it('answers the same page, sent to the other ingress, from the shared result cache', async () => {
    const update = { update_id: 9002, ...fake.photoMessage(CHAT, page) };
    expect(await post(ingress[1]!, update)).toBe(200);
    await fake.waitFor(() => voices(CHAT).length === 2, 60_000, 'the second voice note');
    await waitForSum(() => workers, 'shikshasetu_job_runs_total', { outcome: 'done' }, 2);
    expect(replies(CHAT)).toHaveLength(2);
    expect(replies(CHAT)[1]).toBe(replies(CHAT)[0]);
    expect(await sumMetric(workers, 'shikshasetu_result_cache_lookups_total', { outcome: 'hit' })).toBe(1);
  }, TEST_TIMEOUT_MS);

  it('keeps one chat\'s messages in order across the two workers', async () => {
    const chat = 7272;
    const long = SAMPLE_TEXTS.en!;
    const short = 'Short note. The cat sat on the mat all day.';
    expect(await post(ingress[0]!, { update_id: 9003, ...fake.message(chat, { text: long }) })).toBe(200);
    expect(await post(ingress[1]!, { update_id: 9004, ...fake.message(chat, { text: short }) })).toBe(200);
    await fake.waitFor(() => voices(chat).length === 2, 90_000, 'both voice notes');
    const sends = fake.calls.filter((c) => c.ok && Number(c.params.chat_id) === chat && (c.method === 'sendVoice' || (c.method === 'sendMessage' && !WORKING.includes(String(c.params.text)))));
    // The first message's answer and voice note come before anything of the second's.
    expect(sends.map((c) => c.method)).toEqual(['sendMessage', 'sendVoice', 'sendMessage', 'sendVoice']);
    expect(String(sends[0]!.params.text)).toMatch(/photosynthesis|plants/iu);
    expect(String(sends[2]!.params.text)).toMatch(/cat/iu);
  }, TEST_TIMEOUT_MS);

  it('stops every process cleanly on SIGTERM', async () => {
    const live = [...ingress, ...workers];
    for (const p of live) p.child.kill('SIGTERM');
    expect(await Promise.all(live.map((p) => p.exited))).toEqual(live.map(() => 0));
  }, TEST_TIMEOUT_MS);
});
