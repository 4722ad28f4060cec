/**
 * Voice-model shapes benchmark (issue 14), on the project's own Whisper-, Omnilingual- and
 * Piper-shaped fixtures (no download): the recogniser's and the voice's load time (process start + sherpa-onnx)
 * and peak RSS of their processes; the time from a voice note's bytes in to text out through
 * the service's recogniser (decode, cut, recognise, language identification) for a short note
 * and one over 30 s; the time from text to an Ogg/Opus voice note with the Piper voice (espeak-ng
 * phonemes); and `models pull` of a pinned entry served from a local copy by an HTTP server on
 * 127.0.0.1: download + SHA-256 + unpack + check, and the refusal of a damaged or replaced copy.
 *
 * The fixtures are tiny graphs: their times are the service's overhead around a model, not a
 * real Whisper's or Piper's compute. Real-time factors of them mean nothing, so none is printed.
 *
 *   node --import tsx scripts/bench/voice-models.ts [--runs 3]
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import * as tar from 'tar';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { pullSpeechModel } from '../../src/speech/pull-speech-model.js';
import { speechCatalogEntrySchema, type SpeechCatalogEntry } from '../../src/speech/speech-catalog.js';
import { SherpaRecognizerModel } from '../../src/speech/sherpa-recognizer-model.js';
import { SherpaSpeechRecognizer, type InstalledRecognizer } from '../../src/speech/sherpa-speech-recognizer.js';
import { SherpaSpeechSynthesizer, type InstalledVoice } from '../../src/speech/sherpa-speech-synthesizer.js';
import { SherpaVoiceModel } from '../../src/speech/sherpa-voice-model.js';
import { detectSpeechModel, type RecognizerLayout, type SpeechModelLayout, type VadLayout, type VoiceLayout } from '../../src/speech/speech-model-layout.js';
import { SpeechModelStore } from '../../src/speech/speech-model-store.js';
import { makePiperFixture } from '../fixtures/piper-fixture.js';
import { makeOmnilingualFixture } from '../fixtures/omnilingual-fixture.js';
import { fixtureSpeech, makeVadFixture } from '../fixtures/speech-model-fixtures.js';
import { makeWhisperFixture, whisperFixtureSpeech } from '../fixtures/whisper-fixture.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(values.runs));
const PACKAGE_WEIGHT_BYTES = 32e6;

async function peakRss(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmHWM:\s+(\d+) kB/mu.exec(status)?.[1] ?? 0) * 1024;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Best and mean of `runs` runs: the dev box is shared, so the best is the model's cost and the mean shows the noise. */
async function repeat<T>(fn: () => Promise<T>): Promise<{ best: number; mean: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const run = await time(fn);
    times.push(run.ms);
    value = run.value;
  }
  return { best: Math.min(...times), mean: times.reduce((a, b) => a + b, 0) / times.length, value };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const ms = (m: { best: number; mean: number }) => `best ${m.best.toFixed(0)} ms, mean ${m.mean.toFixed(0)} ms`;
const row = (name: string, value: string) => console.log(`${name.padEnd(62)} ${value}`);

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-voice-models-'));
const encoder = new OggOpusEncoder();
try {
  const whisper = await makeWhisperFixture(path.join(dir, 'whisper'));
  await makeVadFixture(path.join(dir, 'vad'));
  const omni = await makeOmnilingualFixture(path.join(dir, 'omni'));
  await makePiperFixture(path.join(dir, 'piper-hi'), { espeakVoice: 'hi', espeakLanguages: ['hi'], language: 'Hindi' });
  const whisperLayout = (await detectSpeechModel(whisper.dir)) as RecognizerLayout & SpeechModelLayout;
  const vadLayout = (await detectSpeechModel(path.join(dir, 'vad'))) as VadLayout & SpeechModelLayout;
  const piperLayout = (await detectSpeechModel(path.join(dir, 'piper-hi'))) as VoiceLayout & SpeechModelLayout;
  const threads = Math.max(1, os.availableParallelism() - 1);
  console.log(`voice-models benchmark: fixtures, ${runs} runs each, ${os.availableParallelism()} cores, onnxruntime threads ${threads}, Node ${process.version}`);

  // Loads: each is a fresh process, so load time includes starting it.
  const loadWhisper = await repeat(async () => (await SherpaRecognizerModel.load({ id: 'whisper-fixture', layout: whisperLayout, vad: vadLayout, threads })).dispose());
  row('load Whisper-shaped recogniser + Silero-shaped VAD', ms(loadWhisper));
  const loadPiper = await repeat(async () => (await SherpaVoiceModel.load({ id: 'piper-hi-fixture', layout: piperLayout, threads })).dispose());
  row('load Piper-shaped voice (hi, espeak-ng-data)', ms(loadPiper));

  const recognizer = await SherpaRecognizerModel.load({ id: 'whisper-fixture', layout: whisperLayout, vad: vadLayout, threads });
  const voice = await SherpaVoiceModel.load({ id: 'piper-hi-fixture', layout: piperLayout, threads });

  // Voice note in, text out, as the service does it: the loaded model lent as the pool lends it.
  const installed: InstalledRecognizer = { id: 'whisper-fixture', languages: ['hi', 'ta', 'en'], detectsLanguage: true, resource: { id: 'whisper', bytes: recognizer.estimatedBytes, load: async () => recognizer } };
  const service = new SherpaSpeechRecognizer({ recognizers: () => [installed], lend: (_resource, fn) => fn(recognizer as never) });
  const notes: Array<[string, Float32Array]> = [
    ['short note (1 word: the fixture hears one word per 30 s window)', whisperFixtureSpeech(whisper, ['नमस्ते'])],
    ['note over 30 s (3 words, cut at pauses)', whisperFixtureSpeech(whisper, ['नमस्ते', 'स्कूल', 'नमस्ते'], { pauseSeconds: 26 })],
  ];
  for (const [what, samples] of notes) {
    const bytes = await encoder.encode({ samples, sampleRate: 16_000 });
    const input = { kind: 'voice' as const, mime: 'audio/ogg; codecs=opus', bytes };
    const heard = await repeat(() => service.transcribe(input, {}));
    const guess = heard.value.spokenLanguage;
    row(`voice note in -> text out, ${what}, ${(samples.length / 16_000).toFixed(1)} s`, `${ms(heard)} ("${heard.value.text}", ${guess ? `${guess.language} ${guess.confidence}` : 'no guess'})`);
  }

  // The same for the Omnilingual-shaped recogniser, as a user who set Hindi is served.
  const omniLayout = (await detectSpeechModel(omni.dir)) as RecognizerLayout & SpeechModelLayout;
  const loadOmni = await repeat(async () => (await SherpaRecognizerModel.load({ id: 'omni-fixture', layout: omniLayout, vad: vadLayout, threads })).dispose());
  row('load Omnilingual-shaped recogniser + Silero-shaped VAD', ms(loadOmni));
  const omniModel = await SherpaRecognizerModel.load({ id: 'omni-fixture', layout: omniLayout, vad: vadLayout, threads });
  const omniInstalled: InstalledRecognizer = { id: 'omni-fixture', languages: ['hi'], detectsLanguage: false, resource: { id: 'omni', bytes: omniModel.estimatedBytes, load: async () => omniModel } };
  const omniService = new SherpaSpeechRecognizer({ recognizers: () => [omniInstalled], lend: (_resource, fn) => fn(omniModel as never) });
  const omniSamples = fixtureSpeech(omni, ['नमस्ते', 'स्कूल', 'कब', 'खुलेगा']);
  const omniNote = { kind: 'voice' as const, mime: 'audio/ogg; codecs=opus', bytes: await encoder.encode({ samples: omniSamples, sampleRate: 16_000 }) };
  const omniHeard = await repeat(() => omniService.transcribe(omniNote, { languageHint: 'hi' }));
  row(`voice note in -> text out, Omnilingual fixture, ${(omniSamples.length / 16_000).toFixed(1)} s`, `${ms(omniHeard)} ("${omniHeard.value.text}")`);
  row('peak RSS, Omnilingual-shaped recogniser + VAD process', `${mb(await peakRss(omniModel.processId))} (pool estimate ${mb(omniModel.estimatedBytes)})`);
  await omniModel.dispose();

  // Text in, Ogg/Opus voice note out, with the Piper voice.
  const installedVoice: InstalledVoice = { id: 'piper-hi-fixture', languages: ['hi'], resource: { id: 'piper', bytes: voice.estimatedBytes, load: async () => voice } };
  const synth = new SherpaSpeechSynthesizer({ voices: () => [installedVoice], lend: (_resource, fn) => fn(voice as never) });
  const text = 'नमस्ते, स्कूल कल बंद रहेगा। परीक्षा अगले सोमवार से शुरू होगी।';
  const spoken = await repeat(async () => encoder.encode(await synth.synthesize({ text, language: 'hi' })));
  row(`text -> Ogg/Opus voice note, Piper fixture hi (${text.length} chars, ${spoken.value.length} bytes)`, ms(spoken));

  row('peak RSS, Whisper-shaped recogniser + VAD process', `${mb(await peakRss(recognizer.processId))} (pool estimate ${mb(recognizer.estimatedBytes)})`);
  row('peak RSS, Piper-shaped voice process', `${mb(await peakRss(voice.processId))} (pool estimate ${mb(voice.estimatedBytes)})`);
  row('peak RSS, this process (decoder, encoder, service)', mb(await peakRss(process.pid)));
  await Promise.all([recognizer.dispose(), voice.dispose()]);

  await benchPull(whisper.dir);
} finally {
  await encoder.dispose();
  await rm(dir, { recursive: true, force: true });
}

/**
 * `models pull` of pinned entries from a local copy: the Whisper fixture's files one by one, and
 * a tar.bz2 package of them (the voices' and the new recognisers' shape), served over loopback
 * HTTP with real fetch, each checked by exact size and SHA-256. Then a damaged copy and a
 * replaced one, which must be refused and leave nothing installed.
 */
async function benchPull(whisperDir: string): Promise<void> {
  const served = new Map<string, Buffer>();
  for (const name of ['fixture-encoder.onnx', 'fixture-decoder.onnx', 'fixture-tokens.txt']) served.set(`/files/${name}`, await readFile(path.join(whisperDir, name)));
  // The package carries 32 MB of random bytes beside the fixture: int8 weights barely compress,
  // so this is what a real package costs per byte to fetch, hash and bunzip (the fixture alone
  // is 9 kB, and text that packs several times over).
  const pkg = path.join(dir, 'pkg');
  await mkdir(pkg, { recursive: true });
  await writeFile(path.join(whisperDir, 'weights.bin'), randomBytes(PACKAGE_WEIGHT_BYTES));
  await tar.c({ file: path.join(pkg, 'whisper.tar'), cwd: path.dirname(whisperDir) }, [path.basename(whisperDir)]);
  await rm(path.join(whisperDir, 'weights.bin'));
  await promisify(execFile)('bzip2', ['-k', path.join(pkg, 'whisper.tar')]);
  const archive = await readFile(path.join(pkg, 'whisper.tar.bz2'));
  served.set('/release/whisper.tar.bz2', archive);
  const tampered = Buffer.from(archive);
  tampered[tampered.length >> 1]! ^= 0x01;
  served.set('/release/tampered.tar.bz2', tampered);

  const server = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The catalog takes https only; the entry is checked with its https URL, then pointed at loopback.
  const local: typeof fetch = (input, init) => fetch(String(input).replace('https://models.invalid', base), init);
  const pin = (urlPath: string) => {
    const body = served.get(urlPath)!;
    return { url: `https://models.invalid${urlPath}`, sizeBytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
  };
  const common = { kind: 'recognizer', type: 'whisper', languages: ['hi', 'ta', 'en'], sizeExact: true, estimatedRamBytes: 1, licence: 'test', licenceUrl: 'https://example.org/l', commercialUse: 'yes', source: 'https://example.org/' } as const;
  const files = ['fixture-encoder.onnx', 'fixture-decoder.onnx', 'fixture-tokens.txt'].map((name) => ({ ...pin(`/files/${name}`), path: name }));
  const entries: Array<[string, SpeechCatalogEntry]> = [
    ['files', speechCatalogEntrySchema.parse({ ...common, id: 'whisper-files', name: 'w', files, sizeBytes: files.reduce((n, f) => n + f.sizeBytes, 0) })],
    ['tar.bz2', speechCatalogEntrySchema.parse({ ...common, id: 'whisper-archive', name: 'w', archive: { ...pin('/release/whisper.tar.bz2'), format: 'tar.bz2' }, sizeBytes: archive.length })],
  ];
  try {
    for (const [shape, entry] of entries) {
      const cpuBefore = process.cpuUsage();
      const pulled = await repeat(async () => {
        const store = new SpeechModelStore(await mkdtemp(path.join(dir, 'store-')));
        return pullSpeechModel(entry, { store, fetch: local });
      });
      // CPU time as well as wall time: on a shared box the wall time is mostly waiting for a core.
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000 / runs;
      const rate = (entry.sizeBytes / 1e6 / (cpuMs / 1000)).toFixed(1);
      row(`models pull, pinned ${shape} (${entry.sizeBytes} bytes) from 127.0.0.1`, `${ms(pulled)}; CPU ${cpuMs.toFixed(0)} ms per pull = ${rate} MB/s per core (installed as ${pulled.value.layout.kind}/${pulled.value.layout.type})`);
    }
    // Verification cost alone: hashing the download, at the size of a real package.
    const big = Buffer.alloc(292_313_120, 7);
    const hashed = await repeat(async () => createHash('sha256').update(big).digest('hex'));
    row('SHA-256 of 292 MB in memory (the Omnilingual 300M package size)', ms(hashed));

    // Two ways a pull must refuse, both by SHA-256 before a byte is unpacked: bytes damaged on the way,
    // and an asset that is whole but not the one pinned (a replaced release asset: SHA-256).
    const refusals: Array<[string, SpeechCatalogEntry]> = [
      ['one byte damaged in transit', speechCatalogEntrySchema.parse({ ...common, id: 'whisper-damaged', name: 'w', archive: { ...pin('/release/whisper.tar.bz2'), url: 'https://models.invalid/release/tampered.tar.bz2', format: 'tar.bz2' }, sizeBytes: archive.length })],
      ['a whole archive, not the pinned one', speechCatalogEntrySchema.parse({ ...common, id: 'whisper-replaced', name: 'w', archive: { ...pin('/release/whisper.tar.bz2'), sha256: 'f'.repeat(64), format: 'tar.bz2' }, sizeBytes: archive.length })],
    ];
    for (const [what, entry] of refusals) {
      const store = new SpeechModelStore(await mkdtemp(path.join(dir, 'store-')));
      const refused = await time(() => pullSpeechModel(entry, { store, fetch: local }).then(() => 'INSTALLED (wrong)', (err: Error) => err.message.replace(/[0-9a-f]{64}/gu, (h) => `${h.slice(0, 8)}…`)));
      row(`models pull refuses ${what}`, `${refused.ms.toFixed(0)} ms: ${refused.value}; installed afterwards: ${(await store.list()).models.length}`);
    }
  } finally {
    server.close();
  }
}
