import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpeech, makeCtcRecognizerFixture, makeVadFixture, makeVitsFixture, type CtcFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { isDisposedError, isStageError } from '../../src/core/errors.js';
import { SherpaRecognizerModel } from '../../src/speech/sherpa-recognizer-model.js';
import { SherpaVoiceModel } from '../../src/speech/sherpa-voice-model.js';
import { detectSpeechModel, type RecognizerLayout, type SpeechModelLayout, type VadLayout, type VoiceLayout } from '../../src/speech/speech-model-layout.js';

let dir: string;
let ctc: CtcFixture;
let recognizerLayout: RecognizerLayout & SpeechModelLayout;
let voiceLayout: VoiceLayout & SpeechModelLayout;
let vadLayout: VadLayout & SpeechModelLayout;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'speech-models-'));
  ctc = await makeCtcRecognizerFixture(path.join(dir, 'ctc'));
  await makeVitsFixture(path.join(dir, 'vits'));
  await makeVadFixture(path.join(dir, 'vad'));
  recognizerLayout = (await detectSpeechModel(path.join(dir, 'ctc'))) as RecognizerLayout & SpeechModelLayout;
  voiceLayout = (await detectSpeechModel(path.join(dir, 'vits'))) as VoiceLayout & SpeechModelLayout;
  vadLayout = (await detectSpeechModel(path.join(dir, 'vad'))) as VadLayout & SpeechModelLayout;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the speech models run through the real sherpa-onnx-node', () => {
  it('loads the CTC recognizer, hears the fixture words, and refuses use after dispose', async () => {
    const model = await SherpaRecognizerModel.load({ id: 'ctc-fixture', layout: recognizerLayout, threads: 1 });
    const heard = await model.recognize(fixtureSpeech(ctc, ['स्कूल', 'कब', 'खुलेगा']));
    expect(heard.text).toBe('स्कूल कब खुलेगा');
    expect((await model.recognize(new Float32Array(16_000))).text).toBe('');
    expect(model.estimatedBytes).toBeGreaterThan(recognizerLayout.modelBytes);
    await model.dispose();
    await expect(model.recognize(fixtureSpeech(ctc, ['कब']))).rejects.toSatisfy(isDisposedError);
    await model.dispose(); // a second dispose is harmless
  });

  it('loads the VITS voice: audio grows with the text and shrinks with speed', async () => {
    await using voice = await SherpaVoiceModel.load({ id: 'vits-fixture', layout: voiceLayout, threads: 1 });
    expect(voice.sampleRate).toBe(22_050);
    const short = await voice.generate('नमस्ते');
    const long = await voice.generate('नमस्ते, कल स्कूल बंद रहेगा');
    const fast = await voice.generate('नमस्ते, कल स्कूल बंद रहेगा', { speed: 2 });
    expect(short.samples.length).toBeGreaterThan(0);
    expect(long.samples.length).toBeGreaterThan(short.samples.length * 3);
    expect(fast.samples.length).toBeCloseTo(long.samples.length / 2, -1);
    expect(Math.max(...long.samples.subarray(0, 2000).map(Math.abs))).toBeGreaterThan(0.1);
    await voice.dispose();
    await expect(voice.generate('hello')).rejects.toSatisfy(isDisposedError);
  });

  it('cuts audio at pauses with the Silero-shaped VAD', async () => {
    await using model = await SherpaRecognizerModel.load({ id: 'ctc+vad', layout: recognizerLayout, vad: vadLayout, threads: 1 });
    const phrase = fixtureSpeech(ctc, ['नमस्ते', 'स्कूल'], { padSeconds: 0 });
    const gap = 16_000; // 1 s pause, longer than the 0.5 s that ends a piece
    const audio = new Float32Array(phrase.length * 3 + gap * 2);
    audio.set(phrase, 0);
    audio.set(phrase, phrase.length + gap);
    audio.set(phrase, 2 * (phrase.length + gap));
    const segments = await model.speechSegments(audio);
    expect(segments).toHaveLength(3);
    for (const [i, s] of segments.entries()) {
      // Each piece sits around its phrase (the VAD pads a little on both sides).
      expect(Math.abs(s.start - i * (phrase.length + gap))).toBeLessThan(4000);
      expect(s.end - s.start).toBeGreaterThan(phrase.length * 0.8);
    }
    // Run twice: the detector is reset between notes, so offsets start from 0 again.
    expect(await model.speechSegments(audio)).toEqual(segments);
  });

  it('fails the request a crash interrupts, then serves the next one from a fresh process', async () => {
    await using model = await SherpaRecognizerModel.load({ id: 'crashy', layout: recognizerLayout, threads: 1 });
    const first = model.processId!;
    process.kill(first, 'SIGKILL');
    // The request racing the crash fails with the reason; it is never answered with made-up text.
    await expect(model.recognize(fixtureSpeech(ctc, ['कब']))).rejects.toSatisfy(isStageError);
    const heard = await model.recognize(fixtureSpeech(ctc, ['कब']));
    expect(heard.text).toBe('कब');
    expect(model.processId).not.toBe(first);
  });

  it('refuses a corrupt model with an error and keeps this process alive', async () => {
    const bad = path.join(dir, 'bad');
    await makeCtcRecognizerFixture(bad);
    await writeFile(path.join(bad, 'model.onnx'), Buffer.from('this is not a protobuf'));
    // The metadata reader already sees it is no model...
    await expect(detectSpeechModel(bad)).rejects.toThrow(/not a readable ONNX model/);
    // ...and were it loaded anyway, sherpa-onnx aborts its own process, not ours.
    const error = await SherpaRecognizerModel.load({ id: 'bad', layout: { ...recognizerLayout, model: path.join(bad, 'model.onnx') } as RecognizerLayout & SpeechModelLayout, threads: 1 }).catch((e: unknown) => e);
    expect(isStageError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/speech recognizer bad stopped/);
  });
});
