import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePageImage } from '../../scripts/fixtures/make-documents.js';
import { message } from '../../src/core/messages.js';
import { FakeGraphApi } from '../whatsapp/fake-graph-api.js';
import { killIfRunning, type ServiceProcess, startService, waitForMetric } from './helpers/service-process.js';
import { slowModelDirs, type SlowModelDirs } from './helpers/slow-model.js';

/**
 * `shikshasetu serve` as a real process with only WhatsApp configured, against the fake Graph
 * API: killed (SIGKILL) while it works on a page, restarted, and Meta's redelivery of the same
 * webhook on top. The user must see one "working" message, one answer and one voice note.
 */
const USER = '919811100001';
const WORKING = [message('en', 'progress.working'), message('en', 'progress.queued')];

let fake: FakeGraphApi;
let dirs: SlowModelDirs;
let env: Record<string, string>;
let service: ServiceProcess | null = null;

beforeAll(async () => {
  fake = await FakeGraphApi.start();
  dirs = await slowModelDirs('shikshasetu-wa-durable');
  env = { ...fake.env(), ...dirs.env };
});

afterAll(async () => {
  await killIfRunning(service);
  await fake.close();
  await dirs.remove();
});

const start = (name: string) => startService({ name, env, readyLog: /whatsapp adapter started/u });
const webhook = () => `http://127.0.0.1:${service!.port}/whatsapp/webhook`;
const answers = () => fake.textsTo(USER).filter((t) => !WORKING.includes(t));

describe('serve with WhatsApp: a job killed mid-way', () => {
  it('is resumed after a restart: one working message, one answer, one voice note, also when Meta redelivers', async () => {
    service = await start('first');
    const photo = await sharp(await makePageImage(['Plants make their own food.', 'They use sunlight, water and air.'], { width: 1200, height: 1600, fontSize: 44 })).jpeg({ quality: 85 }).toBuffer();
    const delivery = fake.delivery(USER, [fake.image(fake.addMedia(photo, 'image/jpeg'))]);
    expect((await fake.post(webhook(), delivery)).status).toBe(200);
    // The local model's runtime starts in the simplify stage: the page was read, nothing answered yet.
    await service.waitForLog(/llama\.cpp runtime started/u, 120_000);
    service.child.kill('SIGKILL');
    expect(await service.exited).toBeNull();
    expect(fake.textsTo(USER).filter((t) => WORKING.includes(t))).toHaveLength(1);
    expect(answers()).toEqual([]);
    expect(fake.audiosTo(USER)).toEqual([]);

    service = await start('restarted');
    // Meta did not see our 200 in time, say, and delivers the same webhook again.
    expect((await fake.post(webhook(), delivery)).status).toBe(200);
    await fake.waitFor(() => fake.audiosTo(USER).length === 1, 180_000, 'the voice note');
    await waitForMetric(service, 'shikshasetu_job_runs_total', { outcome: 'done' }, 1);
    expect(service.logs()).toMatch(/resuming jobs interrupted by the last stop/u);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.textsTo(USER).filter((t) => WORKING.includes(t))).toHaveLength(1);
    expect(answers()).toHaveLength(1);
    expect(answers()[0]).toMatch(/plants|sunlight/iu);
    expect(fake.audiosTo(USER)).toHaveLength(1);
    expect(service.logs()).not.toContain(fake.token);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }, 400_000);
});
