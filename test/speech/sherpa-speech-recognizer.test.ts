import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpeech, joinWithPauses, type CtcFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { decodeOggOpus } from '../../src/audio/ogg-opus-decoder.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { isInputRefused } from '../../src/core/errors.js';
import type { AcceptedInput } from '../../src/core/ports.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { InstalledSpeechModels } from '../../src/speech/installed-speech-models.js';
import type { SherpaRecognizerModel } from '../../src/speech/sherpa-recognizer-model.js';
import { SherpaSpeechRecognizer } from '../../src/speech/sherpa-speech-recognizer.js';
import { loadPerCall, type SpeechModelLender } from '../../src/speech/speech-model-lender.js';
import { makeSilentOggOpus } from '../intake/ogg-pages.js';
import { installSpeechFixtures } from './speech-fixture-store.js';

const LIMITS = { maxBytes: 20e6, maxPdfPages: 50, maxImagePixels: 4e7, maxDocxUncompressedBytes: 1e8, maxDocxCompressionRatio: 100, maxTextChars: 1e5, maxAudioSeconds: 300 };

let root: string;
let ctc: CtcFixture;
let plain: InstalledSpeechModels;
let withVad: InstalledSpeechModels;
const encoder = new OggOpusEncoder();

/** A voice note as Telegram would send it: the audio encoded to Ogg/Opus, then taken in by intake. */
async function note(samples: Float32Array): Promise<AcceptedInput> {
  return acceptInput(await encoder.encode({ samples, sampleRate: 16_000 }), LIMITS);
}

/**
 * Counts model loads and recognised pieces, so tests can tell whether a refusal came before any
 * model ran and into how many pieces a note was cut.
 */
function countingLender(): { lend: SpeechModelLender; loads: () => number; pieces: () => number } {
  let loads = 0;
  let pieces = 0;
  const lend: SpeechModelLender = (resource, fn, signal) =>
    loadPerCall(
      { ...resource, load: (s) => (loads++, resource.load(s)) },
      (handle) => {
        const model = handle as unknown as SherpaRecognizerModel;
        const recognize = model.recognize.bind(model);
        model.recognize = (samples, options) => (pieces++, recognize(samples, options));
        return fn(handle);
      },
      signal,
    );
  return { lend, loads: () => loads, pieces: () => pieces };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  if (!isInputRefused(err)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err.code;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'speech-recognizer-'));
  const installed = await installSpeechFixtures(path.join(root, 'plain'), { voiceLanguages: null });
  ctc = installed.ctc!;
  plain = new InstalledSpeechModels({ store: installed.store, threads: 1 });
  withVad = new InstalledSpeechModels({ store: (await installSpeechFixtures(path.join(root, 'vad'), { voiceLanguages: null, vad: true })).store, threads: 1 });
});

afterAll(async () => {
  await encoder.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('SherpaSpeechRecognizer with the CTC fixture through real sherpa-onnx', () => {
  it('decodes an Ogg/Opus voice note to 16 kHz mono of the right duration', async () => {
    const speech = fixtureSpeech(ctc, ['नमस्ते', 'स्कूल']);
    const pcm = await decodeOggOpus((await note(speech)).bytes, { sampleRate: 16_000 });
    expect(pcm.sampleRate).toBe(16_000);
    expect(Math.abs(pcm.samples.length - speech.length)).toBeLessThan(16_000 * 0.03);
  });

  it('turns a spoken note into its text, in the language its script shows', async () => {
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => plain.recognizers() });
    const heard = await recognizer.transcribe(await note(fixtureSpeech(ctc, ['नमस्ते', 'स्कूल', 'कब', 'खुलेगा'])), {});
    expect(heard).toEqual({ text: 'नमस्ते स्कूल कब खुलेगा', language: 'hi' });
  });

  it('keeps the language the user set', async () => {
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => plain.recognizers() });
    const heard = await recognizer.transcribe(await note(fixtureSpeech(ctc, ['कब'])), { languageHint: 'hi' });
    expect(heard).toEqual({ text: 'कब', language: 'hi' });
  });

  it("answers silence with 'no-speech' before any model is loaded", async () => {
    const counter = countingLender();
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => plain.recognizers(), lend: counter.lend });
    expect(await refusal(recognizer.transcribe(await note(new Float32Array(16_000 * 3)), {}))).toBe('no-speech');
    expect(counter.loads()).toBe(0);
  });

  it("answers steady noise with 'no-speech'", async () => {
    const noise = new Float32Array(16_000 * 3).map(() => (Math.random() * 2 - 1) * 0.2);
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => plain.recognizers() });
    expect(await refusal(recognizer.transcribe(await note(noise), {}))).toBe('no-speech');
  });

  it("answers bursts of noise, which the model hears no word in, with 'no-speech' and invents nothing", async () => {
    const burst = new Float32Array(16_000 * 0.4).map(() => (Math.random() * 2 - 1) * 0.3);
    const counter = countingLender();
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => plain.recognizers(), lend: counter.lend });
    expect(await refusal(recognizer.transcribe(await note(joinWithPauses([burst, burst, burst], 0.5)), {}))).toBe('no-speech');
    expect(counter.loads()).toBe(1); // the loudness check let it through; the model found no words
  });

  it('cuts a long note at its pauses and recognises it piece by piece (loudness, no VAD)', async () => {
    const phrases = [['नमस्ते', 'स्कूल'], ['कब', 'खुलेगा'], ['स्कूल', 'कब']];
    const audio = joinWithPauses(phrases.map((p) => fixtureSpeech(ctc, p, { padSeconds: 0 })), 1);
    const counter = countingLender();
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => plain.recognizers(), lend: counter.lend, split: { maxPieceSeconds: 3 } });
    const heard = await recognizer.transcribe(await note(audio), {});
    expect(heard.text).toBe(phrases.flat().join(' '));
    // Phrases of 0.75 s, 1 s apart, padded 0.15 s each side, pieces of at most 3 s cut in pauses:
    // the first two (2.8 s) make one piece, the third another.
    expect(counter.pieces()).toBe(2);
  });

  it('cuts a long note with the Silero VAD when one is installed', async () => {
    const phrases = [['नमस्ते'], ['स्कूल', 'कब'], ['खुलेगा']];
    const audio = joinWithPauses(phrases.map((p) => fixtureSpeech(ctc, p, { padSeconds: 0.2 })), 1.2);
    const counter = countingLender();
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => withVad.recognizers(), lend: counter.lend, split: { maxPieceSeconds: 1.5 } });
    expect((await recognizer.transcribe(await note(audio), {})).text).toBe(phrases.flat().join(' '));
    // Three phrases 1.2 s apart, pieces of at most 1.5 s: the VAD's three segments stay apart.
    expect(counter.pieces()).toBe(3);
  });

  it("refuses with 'speech-not-installed' when no model serves the language", async () => {
    const recognizer = new SherpaSpeechRecognizer({ recognizers: () => plain.recognizers() });
    expect(await refusal(recognizer.transcribe(await note(fixtureSpeech(ctc, ['कब'])), { languageHint: 'ta' }))).toBe('speech-not-installed');
    const none = new SherpaSpeechRecognizer({ recognizers: () => [] });
    expect(await refusal(none.transcribe(await note(fixtureSpeech(ctc, ['कब'])), {}))).toBe('speech-not-installed');
  });

  it('refuses a 12-minute note before decoding it, at intake and again at the decoder', async () => {
    const twelveMinutes = makeSilentOggOpus(12 * 60);
    expect(await refusal(acceptInput(twelveMinutes, LIMITS))).toBe('audio-too-long');
    let decoded = 0;
    const recognizer = new SherpaSpeechRecognizer({
      recognizers: () => plain.recognizers(),
      decode: (bytes, options) => {
        decoded++;
        return decodeOggOpus(bytes, options);
      },
    });
    // Handed the note directly, as a caller that skipped intake would: the decoder's header check refuses it.
    const input: AcceptedInput = { kind: 'voice', mime: 'audio/ogg; codecs=opus', bytes: twelveMinutes };
    expect(await refusal(recognizer.transcribe(input, {}))).toBe('audio-too-long');
    expect(decoded).toBe(1);
  });
});
