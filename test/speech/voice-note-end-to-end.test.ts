import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcessCommand } from '../../adapters/cli/process-command.js';
import { fixtureSpeech, type CtcFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { loadConfig } from '../../src/app/load-config.js';
import { decodeOggOpus } from '../../src/audio/ogg-opus-decoder.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { ModelPool, type PooledHandle } from '../../src/models/model-pool.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { EspeakSynthesizer } from '../../src/speak/espeak-synthesizer.js';
import { createSpeechServices } from '../../src/speech/create-speech-services.js';
import { UnavailableTranslator } from '../../src/translate/unavailable-translator.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { startBot, type BotHarness } from '../telegram/bot-harness.js';
import { FakeBotApi } from '../telegram/fake-bot-api.js';
import { testLimits } from '../telegram/test-pipeline.js';
import { installSpeechFixtures } from './speech-fixture-store.js';

let root: string;
let ctc: CtcFixture;
let pipeline: Pipeline;
let pool: ModelPool<PooledHandle>;
const encoder = new OggOpusEncoder();
const espeak = new EspeakSynthesizer();
let spokenNote: Buffer;
let silentNote: Buffer;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-e2e-'));
  const modelsDir = path.join(root, 'models');
  ctc = (await installSpeechFixtures(modelsDir, { vad: true })).ctc!;
  // The models stay loaded between requests in the shared pool, as in the service.
  pool = new ModelPool<PooledHandle>({ budgetBytes: 2e9 });
  const speech = createSpeechServices({ modelsDir, maxAudioSeconds: 300, speed: 1, maxSpeechChars: 6000, pool, threads: 1, fallbackVoice: espeak });
  pipeline = new Pipeline({
    accept: acceptInput,
    limits: testLimits(),
    extractors: [new PlainTextExtractor()],
    recognizer: speech.recognizer,
    simplifier: new RuleBasedSimplifier(),
    translator: new UnavailableTranslator(),
    validator: new TextValidator(),
    synthesizer: speech.synthesizer,
    encoder,
  });
  spokenNote = await encoder.encode({ samples: fixtureSpeech(ctc, ['नमस्ते', 'स्कूल', 'कब', 'खुलेगा']), sampleRate: 16_000 });
  silentNote = await encoder.encode({ samples: new Float32Array(16_000 * 2), sampleRate: 16_000 });
});

afterAll(async () => {
  await pool.close();
  await encoder.dispose();
  await espeak.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('a voice note, recognised and answered with text and a natural voice', () => {
  it('through `shikshasetu process`: the heard text, its language, and a voice note from the installed voice', async () => {
    const out = path.join(root, 'out');
    const stdout = new PassThrough();
    let json = '';
    stdout.on('data', (d: Buffer) => (json += d.toString()));
    const stdin = new PassThrough();
    const notePath = path.join(root, 'question.ogg');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(notePath, spokenNote);
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    await runProcessCommand([notePath, '--out', out, '--json'], config, pipeline, { stdout, stderr: new PassThrough(), stdin });
    const report = JSON.parse(json) as { input: { kind: string }; extracted: { text: string; language: string; method: string }; final: { language: string }; audio: { durationSec: number } };
    expect(report.input.kind).toBe('voice');
    expect(report.extracted).toEqual({ text: 'नमस्ते स्कूल कब खुलेगा', language: 'hi', method: 'speech' });
    expect(report.final.language).toBe('hi');
    expect(await readFile(path.join(out, 'simplified.txt'), 'utf8')).toContain('स्कूल');
    // The reply is a real Ogg/Opus note spoken by the fixture voice (a 220 Hz tone), not espeak-ng.
    const reply = await decodeOggOpus(await readFile(path.join(out, 'reply.ogg')), { sampleRate: 16_000 });
    expect(reply.samples.length / 16_000).toBeCloseTo(report.audio.durationSec, 1);
    let crossings = 0;
    for (let i = 1; i < 16_000 && i < reply.samples.length; i++) if (reply.samples[i - 1]! < 0 && reply.samples[i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThan(200);
    expect(crossings).toBeLessThan(240);
  });

  describe('through the Telegram fake', () => {
    let fake: FakeBotApi;
    let bot: BotHarness;

    beforeAll(async () => {
      fake = await FakeBotApi.start();
      bot = await startBot(fake, { pipeline });
    });

    afterAll(async () => {
      await bot?.stop();
      await fake?.close();
    });

    it('answers a spoken question with a text reply and a voice reply', async () => {
      const chatId = 7101;
      const file = fake.addFile(spokenNote);
      fake.pushUpdate(fake.message(chatId, { voice: { ...file, duration: 2, mime_type: 'audio/ogg' } }));
      await fake.waitFor(() => fake.callsOf('sendVoice', chatId).length > 0, 30_000, 'the voice reply');
      expect(fake.callsOf('sendVoice', chatId)[0]!.ok).toBe(true);
      const texts = [...fake.textsTo(chatId), ...fake.callsOf('editMessageText', chatId).map((c) => String(c.params.text))].join('\n');
      expect(texts).toContain('स्कूल');
    });

    it('answers a silent note with "I could not hear any speech", and no voice', async () => {
      const chatId = 7102;
      const file = fake.addFile(silentNote);
      fake.pushUpdate(fake.message(chatId, { voice: { ...file, duration: 2, mime_type: 'audio/ogg' } }));
      await fake.waitFor(
        () => [...fake.textsTo(chatId), ...fake.callsOf('editMessageText', chatId).map((c) => String(c.params.text))].some((t) => /could not hear any speech/i.test(t)),
        30_000,
        'the no-speech reply',
      );
      expect(fake.callsOf('sendVoice', chatId)).toHaveLength(0);
    });
  });
});
