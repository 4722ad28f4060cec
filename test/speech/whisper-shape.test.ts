import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sherpa from 'sherpa-onnx-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVadFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { makeWhisperFixture, whisperFixtureSpeech, type WhisperFixture } from '../../scripts/fixtures/whisper-fixture.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { loadConfig } from '../../src/app/load-config.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { createSpeechServices } from '../../src/speech/create-speech-services.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import { recognizerConfig } from '../../src/speech/sherpa-config.js';
import { SherpaRecognizerModel } from '../../src/speech/sherpa-recognizer-model.js';
import { SherpaSpeechRecognizer } from '../../src/speech/sherpa-speech-recognizer.js';
import { detectSpeechModel, type RecognizerLayout, type SpeechModelLayout } from '../../src/speech/speech-model-layout.js';
import { SpeechModelStore } from '../../src/speech/speech-model-store.js';

const LIMITS = { maxBytes: 20e6, maxPdfPages: 50, maxImagePixels: 4e7, maxDocxUncompressedBytes: 1e8, maxDocxCompressionRatio: 100, maxTextChars: 1e5, maxAudioSeconds: 300 };

let root: string;
let fixture: WhisperFixture;
let layout: RecognizerLayout & SpeechModelLayout;
const encoder = new OggOpusEncoder();

async function installed(dir: string, vad: boolean): Promise<InstalledSpeechModels> {
  const store = new SpeechModelStore(dir);
  await makeWhisperFixture(store.modelDir('whisper-fixture'));
  await store.writeManifest({ id: 'whisper-fixture', kind: 'recognizer', languages: ['en', 'hi', 'ta'], source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
  if (vad) {
    await makeVadFixture(store.modelDir('silero-vad-fixture'));
    await store.writeManifest({ id: 'silero-vad-fixture', kind: 'vad', languages: [], source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
  }
  return new InstalledSpeechModels({ store, threads: 1 });
}

const note = async (samples: Float32Array) => acceptInput(await encoder.encode({ samples, sampleRate: 16_000 }), LIMITS);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'whisper-shape-'));
  fixture = await makeWhisperFixture(path.join(root, 'whisper'));
  layout = (await detectSpeechModel(fixture.dir)) as RecognizerLayout & SpeechModelLayout;
});

afterAll(async () => {
  await encoder.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('a Whisper-shaped model through real sherpa-onnx-node', () => {
  it('is found as a multilingual Whisper with the languages its metadata lists', () => {
    expect(layout).toMatchObject({ kind: 'recognizer', type: 'whisper', multilingual: true, encoder: fixture.encoder, decoder: fixture.decoder, tokens: fixture.tokens });
    expect(layout.type === 'whisper' && layout.languages).toEqual(expect.arrayContaining(['hi', 'ta', 'en', 'bn']));
  });

  it('loads, recognises a short clip and reports the language it detected', async () => {
    await using model = await SherpaRecognizerModel.load({ id: 'whisper-fixture', layout, threads: 1 });
    expect(await model.recognize(whisperFixtureSpeech(fixture, ['नमस्ते']))).toEqual({ text: 'नमस्ते', language: 'hi' });
    expect(await model.recognize(whisperFixtureSpeech(fixture, ['பள்ளி']))).toEqual({ text: 'பள்ளி', language: 'ta' });
    expect(await model.recognize(whisperFixtureSpeech(fixture, ['school']))).toEqual({ text: 'school', language: 'en' });
  });

  it('switches the language per request on one loaded model: hi, ta, en, and back to detecting', async () => {
    await using model = await SherpaRecognizerModel.load({ id: 'whisper-fixture', layout, threads: 1 });
    const clip = whisperFixtureSpeech(fixture, ['नमस्ते']);
    expect(await model.recognize(clip, { language: 'hi' })).toEqual({ text: 'नमस्ते', language: 'hi' });
    expect(await model.recognize(clip, { language: 'ta' })).toEqual({ text: 'வணக்கம்', language: 'ta' });
    expect(await model.recognize(clip, { language: 'en' })).toEqual({ text: 'hello', language: 'en' });
    expect(await model.recognize(clip)).toEqual({ text: 'नमस्ते', language: 'hi' });
    // A language the model does not list (Whisper has no Odia) is not passed on: sherpa-onnx
    // would exit the process on it. The model detects instead.
    expect(await model.recognize(clip, { language: 'or' })).toEqual({ text: 'नमस्ते', language: 'hi' });
  });

  it('is asked to transcribe, never to translate (a translating config would answer in English)', async () => {
    const config = recognizerConfig(layout, { threads: 1 });
    expect((config.modelConfig as { whisper: { task: string } }).whisper.task).toBe('transcribe');
    const clip = whisperFixtureSpeech(fixture, ['स्कूल']);
    const decode = (task: string) => {
      const whisper = { ...(config.modelConfig as { whisper: object }).whisper, task };
      const recognizer = new sherpa.OfflineRecognizer({ ...config, modelConfig: { ...(config.modelConfig as object), whisper } });
      const stream = recognizer.createStream();
      stream.acceptWaveform({ samples: clip, sampleRate: 16_000 });
      recognizer.decode(stream);
      return recognizer.getResult(stream).text;
    };
    expect(decode('transcribe')).toBe('स्कूल');
    expect(decode('translate')).toBe('hello');
  });

  it('hears only the first 30 s of a clip by itself', async () => {
    await using model = await SherpaRecognizerModel.load({ id: 'whisper-fixture', layout, threads: 1 });
    const long = whisperFixtureSpeech(fixture, ['नमस्ते', 'स्कूल'], { pauseSeconds: 34 });
    expect(long.length / 16_000).toBeGreaterThan(30);
    expect((await model.recognize(long)).text).toBe('नमस्ते');
  });
});

describe('SherpaSpeechRecognizer with the Whisper fixture', () => {
  it('a voice note without a language hint is recognised and its language detected; a hint switches it', async () => {
    const models = await installed(path.join(root, 'plain'), false);
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => models.recognizers() });
    const input = await note(whisperFixtureSpeech(fixture, ['வணக்கம்']));
    expect(await recognizer.transcribe(input, {})).toEqual({ text: 'வணக்கம்', language: 'ta', spokenLanguage: { language: 'ta', confidence: 1, sure: true } });
    // The user said the language: nothing to identify.
    expect(await recognizer.transcribe(input, { languageHint: 'en' })).toEqual({ text: 'hello', language: 'en' });
  });

  it('is not sure of a note whose speech it heard in two languages, or in one we do not serve', async () => {
    const models = await installed(path.join(root, 'lid'), false);
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => models.recognizers() });
    const mixed = await recognizer.transcribe(await note(whisperFixtureSpeech(fixture, ['नमस्ते', 'வணக்கம்'], { pauseSeconds: 26 })), {});
    expect(mixed.spokenLanguage).toEqual({ language: 'hi', confidence: 0.5, sure: false });
    const french = await recognizer.transcribe(await note(whisperFixtureSpeech(fixture, ['bonjour'])), {});
    expect(french.text).toBe('bonjour');
    expect(french.spokenLanguage).toEqual({ language: 'und', confidence: 0, sure: false });
    // A lower bar takes the mixed note as Hindi.
    const lenient = new SherpaSpeechRecognizer({ recognizers: () => models.recognizers(), languageConfidence: 0.5 });
    expect((await lenient.transcribe(await note(whisperFixtureSpeech(fixture, ['नमस्ते', 'வணக்கம்'], { pauseSeconds: 26 })), {})).spokenLanguage?.sure).toBe(true);
  });

  it('takes its confidence threshold from SPOKEN_LANGUAGE_CONFIDENCE, as the service wires it', async () => {
    const dir = path.join(root, 'configured');
    await installed(dir, false);
    const mixed = whisperFixtureSpeech(fixture, ['नमस्ते', 'வணக்கம்'], { pauseSeconds: 26 });
    const wired = (env: Record<string, string>) => {
      const config = loadConfig({ MODELS_DIR: dir, ...env });
      return createSpeechServices({ modelsDir: config.modelsDir, maxAudioSeconds: config.maxAudioSeconds, languageConfidence: config.spokenLanguageConfidence, speed: 1, maxSpeechChars: 1000, threads: 1 }).recognizer;
    };
    expect((await wired({}).transcribe(await note(mixed), {})).spokenLanguage).toEqual({ language: 'hi', confidence: 0.5, sure: false });
    expect((await wired({ SPOKEN_LANGUAGE_CONFIDENCE: '0.5' }).transcribe(await note(mixed), {})).spokenLanguage).toEqual({ language: 'hi', confidence: 0.5, sure: true });
  });

  for (const vad of [false, true]) {
    it(`a note over 30 s is cut at its pauses (${vad ? 'Silero VAD' : 'loudness'}) and every piece heard`, async () => {
      const models = await installed(path.join(root, vad ? 'vad' : 'loudness'), vad);
      const recognizer = new SherpaSpeechRecognizer({ recognizers: () => models.recognizers() });
      // The fixture hears one word per window, so the words stand further apart than the
      // longest piece (25 s): each must land in a piece of its own to be heard.
      const samples = whisperFixtureSpeech(fixture, ['नमस्ते', 'स्कूल', 'नमस्ते'], { pauseSeconds: 26 });
      expect(samples.length / 16_000).toBeGreaterThan(50);
      expect(await recognizer.transcribe(await note(samples), {})).toMatchObject({ text: 'नमस्ते स्कूल नमस्ते', language: 'hi', spokenLanguage: { language: 'hi', sure: true } });
    });
  }
});
