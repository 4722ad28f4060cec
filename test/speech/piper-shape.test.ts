import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idsFromAudio, makePiperFixture, type PiperFixture } from '../../scripts/fixtures/piper-fixture.js';
import { decodeOggOpus } from '../../src/audio/ogg-opus-decoder.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { readOggInfo } from '../../src/audio/ogg-info.js';
import type { PcmAudio } from '../../src/core/ports.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import { SherpaSpeechSynthesizer } from '../../src/speech/sherpa-speech-synthesizer.js';
import { detectSpeechModel } from '../../src/speech/speech-model-layout.js';
import { SpeechModelStore } from '../../src/speech/speech-model-store.js';

let root: string;
let english: PiperFixture;
let hindi: PiperFixture;
let synth: SherpaSpeechSynthesizer;
const encoder = new OggOpusEncoder();

/** The phonemes the voice was given, read back from its audio, without Piper's "_" padding. */
const phonemesOf = (audio: PcmAudio, voice: PiperFixture) =>
  idsFromAudio(audio.samples, voice.samplesPerToken)
    .map((id) => voice.symbols[id] ?? '?')
    .filter((s) => s !== '_')
    .join('');

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'piper-shape-'));
  const store = new SpeechModelStore(root);
  const manifest = (id: string, language: string) => ({ id, kind: 'voice' as const, languages: [language], source: 'test fixture', sizeBytes: 1, installedAt: new Date(0).toISOString() });
  english = await makePiperFixture(store.modelDir('piper-en-fixture'), { espeakVoice: 'en-us', espeakLanguages: ['en'], language: 'English' });
  await store.writeManifest(manifest('piper-en-fixture', 'en'));
  hindi = await makePiperFixture(store.modelDir('piper-hi-fixture'), { espeakVoice: 'hi', espeakLanguages: ['hi'], language: 'Hindi' });
  await store.writeManifest(manifest('piper-hi-fixture', 'hi'));
  const models = new InstalledSpeechModels({ store, threads: 1 });
  synth = new SherpaSpeechSynthesizer({ voices: () => models.voices() });
});

afterAll(async () => {
  await encoder.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('Piper-shaped voices through real sherpa-onnx-node and espeak-ng', () => {
  it('are found as VITS voices that read text through their espeak-ng-data folder', async () => {
    expect(await detectSpeechModel(hindi.dir)).toMatchObject({ kind: 'voice', type: 'vits', dataDir: hindi.dataDir, tokens: hindi.tokens, sampleRate: 22_050, language: 'Hindi' });
  });

  it('an English voice is given espeak-ng en-us phonemes, framed by Piper start and end tokens', async () => {
    const audio = await synth.synthesize({ text: 'Hello, the school is closed tomorrow.', language: 'en' });
    expect(audio.sampleRate).toBe(22_050);
    const phonemes = phonemesOf(audio, english);
    expect(phonemes.startsWith('^')).toBe(true);
    expect(phonemes.endsWith('$')).toBe(true);
    expect(phonemes).toContain('həlˈoʊ');
    expect(phonemes).toContain('skˈuːl');
  });

  it('a Hindi voice is given espeak-ng hi phonemes of Devanagari text, not its letters', async () => {
    const audio = await synth.synthesize({ text: 'नमस्ते, स्कूल कल बंद रहेगा।', language: 'hi' });
    const phonemes = phonemesOf(audio, hindi);
    expect(phonemes).toMatch(/^\^nəmˈʌsteː/u);
    expect(phonemes).toContain('skˈuːl');
    expect(phonemes).not.toMatch(/[\u0900-\u097f?]/u);
  });

  it('its audio becomes the Ogg/Opus voice note, whole', async () => {
    const audio = await synth.synthesize({ text: 'नमस्ते, स्कूल कल बंद रहेगा।', language: 'hi' });
    const voiceNote = await encoder.encode(audio);
    const info = readOggInfo(voiceNote);
    expect(info.codec).toBe('opus');
    expect(info.durationSec).toBeCloseTo(audio.samples.length / audio.sampleRate, 1);
    // The fixture voice's 882 Hz carrier, heard back from the note.
    const heard = await decodeOggOpus(voiceNote, { sampleRate: 16_000 });
    let crossings = 0;
    for (let i = 1; i < 16_000; i++) if (heard.samples[i - 1]! < 0 && heard.samples[i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThan(850);
    expect(crossings).toBeLessThan(915);
  });
});
