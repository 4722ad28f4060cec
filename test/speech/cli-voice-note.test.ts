import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpeech } from '../../scripts/fixtures/speech-model-fixtures.js';
import { makeWhisperFixture, whisperFixtureSpeech } from '../../scripts/fixtures/whisper-fixture.js';
import { decodeOggOpus } from '../../src/audio/ogg-opus-decoder.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { SpeechModelStore } from '../../src/speech/speech-model-store.js';
import { installSpeechFixtures } from './speech-fixture-store.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'adapters/cli/main.ts')];

/** The real CLI in a child process, composed by the real composition root; never throws on a non-zero exit. */
function shikshasetu(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, maxBuffer: 20e6, timeout: 170_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
let note: string;
let mixedNote: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'speech-cli-process-'));
  const { ctc } = await installSpeechFixtures(path.join(dir, 'models'), { vad: true });
  const encoder = new OggOpusEncoder();
  note = path.join(dir, 'question.ogg');
  await writeFile(note, await encoder.encode({ samples: fixtureSpeech(ctc!, ['नमस्ते', 'स्कूल', 'कब', 'खुलेगा']), sampleRate: 16_000 }));
  // A Whisper-shaped recogniser alone, and a note it hears half in Hindi, half in Tamil.
  const whisperStore = new SpeechModelStore(path.join(dir, 'whisper-models'));
  const whisper = await makeWhisperFixture(whisperStore.modelDir('whisper-fixture'));
  await whisperStore.writeManifest({ id: 'whisper-fixture', kind: 'recognizer', languages: ['en', 'hi', 'ta'], source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
  mixedNote = path.join(dir, 'mixed.ogg');
  await writeFile(mixedNote, await encoder.encode({ samples: whisperFixtureSpeech(whisper, ['नमस्ते', 'வணக்கம்'], { pauseSeconds: 26 }), sampleRate: 16_000 }));
  await encoder.dispose();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shikshasetu process with a voice note, through the composed service', () => {
  it('recognises it with the installed local model and answers with the installed voice', async () => {
    const out = path.join(dir, 'out');
    const { code, stdout, stderr } = await shikshasetu(['process', note, '--out', out, '--json'], { MODELS_DIR: path.join(dir, 'models') });
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { extracted: { text: string; language: string; method: string }; audio: { durationSec: number } | null };
    expect(report.extracted).toEqual({ text: 'नमस्ते स्कूल कब खुलेगा', language: 'hi', method: 'speech' });
    expect(report.audio?.durationSec).toBeGreaterThan(0.5);
    // Spoken by the installed fixture voice (a steady 220 Hz tone), not by espeak-ng.
    const reply = await decodeOggOpus(await readFile(path.join(out, 'reply.ogg')), { sampleRate: 16_000 });
    let crossings = 0;
    for (let i = 1; i < 16_000; i++) if (reply.samples[i - 1]! < 0 && reply.samples[i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThan(200);
    expect(crossings).toBeLessThan(240);
  });

  it('reports the language it found for a note with no language set, and how sure, by SPOKEN_LANGUAGE_CONFIDENCE', async () => {
    const run = async (env: Record<string, string>) => {
      const { code, stdout, stderr } = await shikshasetu(['process', mixedNote, '--out', path.join(dir, 'out-mixed'), '--json'], { MODELS_DIR: path.join(dir, 'whisper-models'), ...env });
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(0);
      return (JSON.parse(stdout) as { extracted: { spokenLanguage?: unknown } }).extracted.spokenLanguage;
    };
    expect(await run({})).toEqual({ language: 'hi', confidence: 0.5, sure: false });
    expect(await run({ SPOKEN_LANGUAGE_CONFIDENCE: '0.5' })).toEqual({ language: 'hi', confidence: 0.5, sure: true });
    // Two whole CLI runs, each loading its models: on a shared 2-core box that can pass a minute.
  }, 170_000);

  it('refuses clearly when neither a local model nor an API is there', async () => {
    const { code, stdout, stderr } = await shikshasetu(['process', note, '--out', path.join(dir, 'out2')], { MODELS_DIR: path.join(dir, 'no-models') });
    expect(code).not.toBe(0);
    expect(`${stdout}${stderr}`).toMatch(/Speech recognition is not installed here yet/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('lists which languages have recognition and a natural voice', async () => {
    const { code, stdout } = await shikshasetu(['models', 'list'], { MODELS_DIR: path.join(dir, 'models') });
    expect(code).toBe(0);
    expect(stdout).toMatch(/ hi {2}recognition: ctc-fixture\s+voice: vits-fixture/u);
    expect(stdout).toMatch(/ ta {2}recognition: -\s+voice: espeak-ng/u);
    expect(stdout).toMatch(/vits-piper-hi-in-pratham-medium\s+voice\s+hi\s+missing.*UNVERIFIED/u);
  });
});
