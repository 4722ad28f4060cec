/**
 * The child process that holds one sherpa-onnx model (see SherpaProcess for why a process). It
 * loads what the first message asks for, then serves requests one at a time until it is killed.
 * Everything it knows comes from its parent: no environment, no arguments.
 */
import sherpa, { type OfflineRecognizer, type OfflineTts, type Vad } from 'sherpa-onnx-node';
import type { InitReply, RecognizeReply, SegmentReply, SherpaInit, SherpaMessage, SherpaReply, SherpaRequest, SynthesizeReply } from './sherpa-protocol.js';

let recognizer: OfflineRecognizer | null = null;
let recognizerConfig: Record<string, unknown> = {};
let whisper = false;
let whisperLanguage = '';
let vad: Vad | null = null;
let tts: OfflineTts | null = null;

// The VAD keeps at most this much audio of one open segment; maxSpeechDuration cuts well before.
const VAD_BUFFER_SECONDS = 60;
const VAD_WINDOW = 512;

function init(request: SherpaInit): InitReply {
  const versions = { sherpaVersion: sherpa.version, onnxruntimeVersion: sherpa.onnxruntimeVersion };
  if (request.kind === 'voice') {
    tts = new sherpa.OfflineTts(request.tts);
    return { ...versions, sampleRate: tts.sampleRate, speakers: tts.numSpeakers };
  }
  recognizerConfig = request.recognizer;
  whisper = request.whisper;
  recognizer = new sherpa.OfflineRecognizer(recognizerConfig);
  if (request.vad) vad = new sherpa.Vad(request.vad, VAD_BUFFER_SECONDS);
  return versions;
}

function recognize(samples: Float32Array, sampleRate: number, language: string | undefined): RecognizeReply {
  if (!recognizer) throw new Error('no recognizer loaded');
  if (whisper && (language ?? '') !== whisperLanguage) {
    whisperLanguage = language ?? '';
    const modelConfig = recognizerConfig.modelConfig as Record<string, unknown>;
    const whisperConfig = modelConfig.whisper as Record<string, unknown>;
    recognizer.setConfig({ ...recognizerConfig, modelConfig: { ...modelConfig, whisper: { ...whisperConfig, language: whisperLanguage } } });
  }
  const stream = recognizer.createStream();
  stream.acceptWaveform({ samples, sampleRate });
  recognizer.decode(stream);
  const result = recognizer.getResult(stream);
  // SenseVoice reports "<|hi|>", Whisper "hi".
  return { text: result.text, language: (result.lang ?? '').replace(/^<\|(.*)\|>$/u, '$1') };
}

function segment(samples: Float32Array): SegmentReply {
  if (!vad) throw new Error('no VAD loaded');
  vad.reset();
  const segments: SegmentReply['segments'] = [];
  const drain = () => {
    while (!vad!.isEmpty()) {
      const found = vad!.front(false);
      segments.push({ start: found.start, end: found.start + found.samples.length });
      vad!.pop();
    }
  };
  for (let i = 0; i < samples.length; i += VAD_WINDOW) {
    vad.acceptWaveform(samples.subarray(i, Math.min(samples.length, i + VAD_WINDOW)));
    drain();
  }
  vad.flush();
  drain();
  return { segments };
}

function synthesize(text: string, speed: number, speaker: number): SynthesizeReply {
  if (!tts) throw new Error('no voice loaded');
  const audio = tts.generate({ text, sid: speaker, speed });
  return { samples: audio.samples, sampleRate: audio.sampleRate };
}

function serve(request: SherpaRequest): unknown {
  switch (request.op) {
    case 'init':
      return init(request.init);
    case 'recognize':
      return recognize(request.samples, request.sampleRate, request.language);
    case 'segment':
      return segment(request.samples);
    case 'synthesize':
      return synthesize(request.text, request.speed, request.speaker);
  }
}

process.on('message', (message: SherpaMessage) => {
  let reply: SherpaReply;
  try {
    reply = { id: message.id, ok: true, value: serve(message.request) };
  } catch (err) {
    reply = { id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  process.send?.(reply);
});

// The parent going away (crash, kill -9) must not leave a model loaded in an orphan.
process.on('disconnect', () => process.exit(0));
