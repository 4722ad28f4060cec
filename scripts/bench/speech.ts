/**
 * Speech benchmark, on the project's own fixture models (no download): decode time of an
 * Ogg/Opus voice note; load time and real-time factor (processing time / audio time) of
 * recognition with the CTC fixture, with and without the Silero-shaped VAD; real-time factor of
 * synthesis with the VITS fixture and with espeak-ng; and the memory (peak RSS of this process
 * and of each model's process) with a recogniser and a voice loaded.
 *
 * The fixtures are tiny graphs, so their RTFs measure the service's own overhead around a model
 * (process hop, feature extraction, decoding, segmentation, joining), not a real model's compute:
 * a real Whisper or Piper voice adds its own cost on top.
 *
 *   node --import tsx scripts/bench/speech.ts [--seconds 120] [--runs 3] [--compiled]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeOggOpus } from '../../src/audio/ogg-opus-decoder.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { EspeakSynthesizer } from '../../src/speak/espeak-synthesizer.js';
import { SherpaSpeechRecognizer, type InstalledRecognizer } from '../../src/speech/sherpa-speech-recognizer.js';
import { SherpaSpeechSynthesizer, type InstalledVoice } from '../../src/speech/sherpa-speech-synthesizer.js';
import { detectSpeechModel, type RecognizerLayout, type SpeechModelLayout, type VadLayout, type VoiceLayout } from '../../src/speech/speech-model-layout.js';
import { fixtureSpeech, joinWithPauses, makeCtcRecognizerFixture, makeVadFixture, makeVitsFixture } from '../fixtures/speech-model-fixtures.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '120' }, runs: { type: 'string', default: '3' }, compiled: { type: 'boolean', default: false } } });
// --compiled loads the model classes from dist/ (npm run build first), so each model's process
// runs the compiled child as the service does, not the TypeScript one under tsx (which adds
// about 35 MB to its RSS).
const from = values.compiled ? '../../dist/src/speech/' : '../../src/speech/';
const { SherpaRecognizerModel } = (await import(`${from}sherpa-recognizer-model.js`)) as typeof import('../../src/speech/sherpa-recognizer-model.js');
const { SherpaVoiceModel } = (await import(`${from}sherpa-voice-model.js`)) as typeof import('../../src/speech/sherpa-voice-model.js');
const noteSeconds = Number(values.seconds);
const runs = Math.max(1, Number(values.runs));

const HINDI =
  'स्कूल कल बंद रहेगा। परीक्षा अगले सोमवार से शुरू होगी। सभी बच्चे अपनी किताबें और पहचान पत्र साथ लाएँ। फीस शुक्रवार तक जमा करनी है। ' +
  'अधिक जानकारी के लिए कक्षा अध्यापक से मिलें।';
const ENGLISH =
  'The school will stay closed tomorrow. Examinations begin next Monday. Every child should bring their books and identity card. ' +
  'Fees must be paid by Friday. For more information, please meet the class teacher.';

async function rssOf(pid: number | undefined): Promise<{ rss: number; peak: number }> {
  if (pid === undefined) return { rss: 0, peak: 0 };
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function selfPeak(): Promise<number> {
  return (await rssOf(process.pid)).peak;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function best<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let result = await time(fn);
  for (let i = 1; i < runs; i++) {
    const next = await time(fn);
    if (next.ms < result.ms) result = next;
  }
  return result;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const row = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`);

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-speech-'));
try {
  const ctc = await makeCtcRecognizerFixture(path.join(dir, 'ctc'));
  await makeVitsFixture(path.join(dir, 'vits'));
  await makeVadFixture(path.join(dir, 'vad'));
  const recognizerLayout = (await detectSpeechModel(path.join(dir, 'ctc'))) as RecognizerLayout & SpeechModelLayout;
  const voiceLayout = (await detectSpeechModel(path.join(dir, 'vits'))) as VoiceLayout & SpeechModelLayout;
  const vadLayout = (await detectSpeechModel(path.join(dir, 'vad'))) as VadLayout & SpeechModelLayout;
  const threads = Math.max(1, os.availableParallelism() - 1);
  console.log(`speech benchmark: ${noteSeconds} s note, best of ${runs}, ${os.availableParallelism()} cores, onnxruntime threads ${threads}, Node ${process.version}`);

  // A long note: sentences of fixture words with pauses between, as a parent would leave.
  const sentence = fixtureSpeech(ctc, ['नमस्ते', 'स्कूल', 'कब', 'खुलेगा'], { padSeconds: 0 });
  const count = Math.max(1, Math.floor(noteSeconds / (sentence.length / 16_000 + 0.8)));
  const audio = joinWithPauses(Array.from({ length: count }, () => sentence), 0.8);
  const audioSeconds = audio.length / 16_000;
  const encoder = new OggOpusEncoder();
  const note = await encoder.encode({ samples: audio, sampleRate: 16_000 });
  await encoder.dispose();

  const decoded = await best(() => decodeOggOpus(note, { sampleRate: 16_000, maxSeconds: 600 }));
  row(`decode Ogg/Opus ${audioSeconds.toFixed(0)} s (${(note.length / 1024).toFixed(0)} KiB) -> 16 kHz`, `${decoded.ms.toFixed(0)} ms (RTF ${(decoded.ms / 1000 / audioSeconds).toFixed(4)})`);

  const baseline = await selfPeak();
  const loadRecognizer = await time(() => SherpaRecognizerModel.load({ id: 'ctc-fixture', layout: recognizerLayout, vad: vadLayout, threads }));
  const recognizer = loadRecognizer.value;
  const loadVoice = await time(() => SherpaVoiceModel.load({ id: 'vits-fixture', layout: voiceLayout, threads }));
  const voice = loadVoice.value;
  row('load recognizer + VAD (process start + sherpa-onnx)', `${loadRecognizer.ms.toFixed(0)} ms`);
  row('load voice (process start + sherpa-onnx)', `${loadVoice.ms.toFixed(0)} ms`);
  // What SPEECH_PROCESS_BYTES and RECOGNIZER_WORKING_BYTES (src/speech/estimate-speech-model-bytes.ts)
  // stand for: a loaded model's process before any request, and (below) its peak while it hears
  // the note; run with --seconds 293 for the 5-minute cap.
  const recognizerLoaded = await rssOf(recognizer.processId);
  row('RSS once loaded, recognizer + VAD process', mb(recognizerLoaded.rss));
  row('RSS once loaded, voice process', mb((await rssOf(voice.processId)).rss));

  // The service path first, so the peak memory below is what serving costs: intake's bytes ->
  // decode -> no-speech check -> cut -> recognize -> join, with the loaded models lent as the
  // pool lends them; then the reply spoken sentence by sentence.
  const serviceFor = (model: Awaited<ReturnType<typeof SherpaRecognizerModel.load>>) => {
    const installed: InstalledRecognizer = { id: 'ctc-fixture', languages: ['hi'], detectsLanguage: false, resource: { id: 'ctc', bytes: model.estimatedBytes, load: async () => model } };
    return new SherpaSpeechRecognizer({ recognizers: () => [installed], lend: (_resource, fn) => fn(model as never), maxAudioSeconds: 600 });
  };
  const note16 = { kind: 'voice' as const, mime: 'audio/ogg; codecs=opus', bytes: note };
  const viaVad = await best(() => serviceFor(recognizer).transcribe(note16, {}));
  row(`voice note end to end: decode, VAD cut, recognize (${viaVad.value.text.split(' ').length} words)`, `${viaVad.ms.toFixed(0)} ms (RTF ${(viaVad.ms / 1000 / audioSeconds).toFixed(4)})`);

  const espeak = new EspeakSynthesizer();
  await espeak.synthesize({ text: 'warm up', language: 'en' });
  const installedVoice: InstalledVoice = { id: 'vits-fixture', languages: ['hi', 'en'], resource: { id: 'vits', bytes: voice.estimatedBytes, load: async () => voice } };
  const synth = new SherpaSpeechSynthesizer({ voices: () => [installedVoice], lend: (_resource, fn) => fn(voice as never) });
  for (const [language, text] of [['hi', HINDI], ['en', ENGLISH]] as const) {
    const local = await best(() => synth.synthesize({ text, language }));
    const localSeconds = local.value.samples.length / local.value.sampleRate;
    row(`synthesize ${language} ${text.length} chars, VITS fixture (${localSeconds.toFixed(1)} s audio)`, `${local.ms.toFixed(0)} ms (RTF ${(local.ms / 1000 / localSeconds).toFixed(4)})`);
    const es = await best(() => espeak.synthesize({ text, language }));
    const esSeconds = es.value.samples.length / es.value.sampleRate;
    row(`synthesize ${language} ${text.length} chars, espeak-ng WASM (${esSeconds.toFixed(1)} s audio)`, `${es.ms.toFixed(0)} ms (RTF ${(es.ms / 1000 / esSeconds).toFixed(4)})`);
  }
  await espeak.dispose();

  const recognizerMemory = await rssOf(recognizer.processId);
  const voiceMemory = await rssOf(voice.processId);
  const service = await selfPeak();
  row('peak RSS, recognizer + VAD process (serving)', `${mb(recognizerMemory.peak)} (now ${mb(recognizerMemory.rss)}; pool estimate ${mb(recognizer.estimatedBytes)})`);
  row('recognizer working memory (peak while hearing - once loaded)', mb(recognizerMemory.peak - recognizerLoaded.rss));
  row('peak RSS, voice process (serving)', `${mb(voiceMemory.peak)} (now ${mb(voiceMemory.rss)}; pool estimate ${mb(voice.estimatedBytes)})`);
  row('peak RSS, this process (decoder, espeak-ng, encoder)', `${mb(service)} (before loading models ${mb(baseline)})`);
  row('peak RSS, all three together (upper bound)', mb(service + recognizerMemory.peak + voiceMemory.peak));

  // Parts, after the memory reading (the whole-note call below is not what the service sends).
  const plain = await SherpaRecognizerModel.load({ id: 'ctc-fixture', layout: recognizerLayout, threads });
  const viaLoudness = await best(() => serviceFor(plain).transcribe(note16, {}));
  row(`voice note end to end: decode, loudness cut, recognize (${viaLoudness.value.text.split(' ').length} words)`, `${viaLoudness.ms.toFixed(0)} ms (RTF ${(viaLoudness.ms / 1000 / audioSeconds).toFixed(4)})`);
  await plain.dispose();
  const whole = await best(() => recognizer.recognize(decoded.value.samples));
  row(`recognize ${audioSeconds.toFixed(0)} s in one piece (CTC fixture, no cutting)`, `${whole.ms.toFixed(0)} ms (RTF ${(whole.ms / 1000 / audioSeconds).toFixed(4)})`);
  const segments = await best(() => recognizer.speechSegments(decoded.value.samples));
  row(`Silero-shaped VAD alone over ${audioSeconds.toFixed(0)} s (${segments.value.length} segments)`, `${segments.ms.toFixed(0)} ms (RTF ${(segments.ms / 1000 / audioSeconds).toFixed(4)})`);

  const disposeStart = performance.now();
  await Promise.all([recognizer.dispose(), voice.dispose()]);
  row('dispose both (processes ended, memory returned)', `${(performance.now() - disposeStart).toFixed(0)} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
