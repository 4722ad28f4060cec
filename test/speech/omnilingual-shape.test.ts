import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOmnilingualFixture, type OmnilingualFixture } from '../../scripts/fixtures/omnilingual-fixture.js';
import { fixtureSpeech, makeCtcRecognizerFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { makeWhisperFixture, whisperFixtureSpeech } from '../../scripts/fixtures/whisper-fixture.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import { recognizerConfig } from '../../src/speech/sherpa-config.js';
import { SherpaRecognizerModel } from '../../src/speech/sherpa-recognizer-model.js';
import { SherpaSpeechRecognizer } from '../../src/speech/sherpa-speech-recognizer.js';
import { loadSpeechCatalog } from '../../src/speech/speech-catalog.js';
import { detectSpeechModel, type RecognizerLayout, type SpeechModelLayout } from '../../src/speech/speech-model-layout.js';
import { SpeechModelStore } from '../../src/speech/speech-model-store.js';

const LIMITS = { maxBytes: 20e6, maxPdfPages: 50, maxImagePixels: 4e7, maxDocxUncompressedBytes: 1e8, maxDocxCompressionRatio: 100, maxTextChars: 1e5, maxAudioSeconds: 300 };
const INDIAN = ['hi', 'bn', 'ta', 'te', 'kn', 'ml', 'mr', 'gu', 'pa', 'or', 'ur', 'as'];

let root: string;
let fixture: OmnilingualFixture;
let layout: RecognizerLayout & SpeechModelLayout;
const encoder = new OggOpusEncoder();

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'omnilingual-shape-'));
  fixture = await makeOmnilingualFixture(path.join(root, 'omni'));
  layout = (await detectSpeechModel(fixture.dir)) as RecognizerLayout & SpeechModelLayout;
});

afterAll(async () => {
  await encoder.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('an Omnilingual-ASR-shaped CTC model through real sherpa-onnx-node', () => {
  it('is found by its model_type as the omnilingual CTC family and loaded under that config key', () => {
    expect(layout).toMatchObject({ kind: 'recognizer', type: 'ctc', family: 'omnilingual', model: fixture.model, tokens: fixture.tokens });
    expect(recognizerConfig(layout, { threads: 1 }).modelConfig).toMatchObject({ omnilingual: { model: fixture.model }, tokens: fixture.tokens });
  });

  it('hears words from the raw waveform, with token 0 as blank and no <blk> in tokens.txt', async () => {
    await using model = await SherpaRecognizerModel.load({ id: 'omni-fixture', layout, threads: 1 });
    expect(await model.recognize(fixtureSpeech(fixture, ['नमस्ते', 'स्कूल', 'कब', 'खुलेगा']))).toEqual({ text: 'नमस्ते स्कूल कब खुलेगा', language: '' });
    expect((await model.recognize(fixtureSpeech(fixture, ['कब', 'कब']))).text).toBe('कब कब');
    // Silence and broadband noise stay blank, once the clip is normalised to unit variance.
    expect((await model.recognize(new Float32Array(16_000))).text).toBe('');
    const noise = new Float32Array(32_000).map((_, i) => 0.3 * Math.sin(i * 12.9898) * Math.cos(i * 78.233));
    expect((await model.recognize(noise)).text).toBe('');
  });

  it('loads only under its own config key: the same files as an ordinary CTC model fail to load', async () => {
    const asTdnn = { ...layout, family: 'tdnn' } as RecognizerLayout & SpeechModelLayout;
    await expect(SherpaRecognizerModel.load({ id: 'omni-as-tdnn', layout: asTdnn, threads: 1 })).rejects.toThrow(/tokens.txt contains the symbol <blk>/);
  });
});

describe('routing a voice note to Omnilingual ASR or Whisper', () => {
  let models: InstalledSpeechModels;
  let omni: OmnilingualFixture;
  let whisper: Awaited<ReturnType<typeof makeWhisperFixture>>;

  beforeAll(async () => {
    // Installed as a pull of the catalog entry would install them: languages and preferredFor from the catalog.
    const catalog = await loadSpeechCatalog(path.join(import.meta.dirname, '../../models/catalog.json'));
    const omniEntry = catalog.models.find((m) => m.id === 'omnilingual-asr-300m')!;
    const whisperEntry = catalog.models.find((m) => m.id === 'whisper-base')!;
    const store = new SpeechModelStore(path.join(root, 'store'));
    omni = await makeOmnilingualFixture(store.modelDir('omnilingual-asr-300m'), ['வணக்கம்', 'नमस्ते', 'school']);
    await store.writeManifest({ id: 'omnilingual-asr-300m', kind: 'recognizer', languages: omniEntry.languages, preferredFor: omniEntry.preferredFor, source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
    whisper = await makeWhisperFixture(store.modelDir('whisper-base'));
    await store.writeManifest({ id: 'whisper-base', kind: 'recognizer', languages: whisperEntry.languages, source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
    models = new InstalledSpeechModels({ store, threads: 1 });
  });

  it('the catalog entry is pinned, Apache-2.0, lists all 13 languages and is preferred for the Indian ones', async () => {
    const catalog = await loadSpeechCatalog(path.join(import.meta.dirname, '../../models/catalog.json'));
    const entry = catalog.models.find((m) => m.id === 'omnilingual-asr-300m')!;
    expect(entry).toMatchObject({ kind: 'recognizer', licence: 'Apache-2.0', commercialUse: 'yes', requires: ['silero-vad'], archive: { sizeBytes: 292_313_120 } });
    expect(entry.archive?.sha256).toMatch(/^951b3240[0-9a-f]{56}$/u);
    expect(entry.unverified).toBeUndefined();
    expect([...entry.languages].sort()).toEqual([...INDIAN, 'en'].sort());
    expect(entry.preferredFor).toEqual(INDIAN);
  });

  it('a user who set an Indian language is heard by Omnilingual ASR, English and unset notes by Whisper', async () => {
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => models.recognizers() });
    for (const language of INDIAN) expect((await recognizer.choose(language))?.id).toBe('omnilingual-asr-300m');
    expect((await recognizer.choose('en'))?.id).toBe('whisper-base');
    expect((await recognizer.choose())?.id).toBe('whisper-base');
    expect((await models.coverage(['ta', 'or', 'en'])).map((c) => [c.language, c.recognizer])).toEqual([
      ['ta', 'omnilingual-asr-300m'],
      ['or', 'omnilingual-asr-300m'],
      ['en', 'whisper-base'],
    ]);

    // The same Tamil greeting: Omnilingual hears it for a Tamil user (the fixture tones differ
    // between the two models, so each hears only its own "speech").
    const tamilNote = await acceptInput(await encoder.encode({ samples: fixtureSpeech(omni, ['வணக்கம்']), sampleRate: 16_000 }), LIMITS);
    expect(await recognizer.transcribe(tamilNote, { languageHint: 'ta' })).toEqual({ text: 'வணக்கம்', language: 'ta' });
    // With no language set, Whisper identifies it.
    const unsetNote = await acceptInput(await encoder.encode({ samples: whisperFixtureSpeech(whisper, ['வணக்கம்']), sampleRate: 16_000 }), LIMITS);
    expect(await recognizer.transcribe(unsetNote, {})).toMatchObject({ text: 'வணக்கம்', language: 'ta', spokenLanguage: { language: 'ta', sure: true } });
  });

  it('without the preference, the narrower Whisper list would win: preferredFor is what routes', async () => {
    const store = new SpeechModelStore(path.join(root, 'plain-store'));
    await makeCtcRecognizerFixture(store.modelDir('plain-ctc'));
    await store.writeManifest({ id: 'plain-ctc', kind: 'recognizer', languages: [...INDIAN, 'en'], source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
    await makeWhisperFixture(store.modelDir('whisper-base'));
    await store.writeManifest({ id: 'whisper-base', kind: 'recognizer', languages: ['en', 'hi', 'bn', 'ta', 'te', 'kn', 'ml', 'mr', 'gu', 'pa', 'ur', 'as'], source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => new InstalledSpeechModels({ store, threads: 1 }).recognizers() });
    expect((await recognizer.choose('ta'))?.id).toBe('whisper-base');
    expect((await recognizer.choose('or'))?.id).toBe('plain-ctc');
  });
});
