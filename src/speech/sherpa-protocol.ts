/**
 * Messages between SherpaProcess (this process) and sherpa-child.ts (the process that holds one
 * sherpa-onnx model). Plain data sent with Node's advanced IPC serialization, so Float32Arrays
 * cross as typed arrays, not JSON.
 */

/** What the child loads on start: a recogniser (with an optional Silero VAD beside it) or a voice. */
export type SherpaInit =
  | { kind: 'recognizer'; recognizer: Record<string, unknown>; whisper: boolean; vad?: Record<string, unknown> }
  | { kind: 'voice'; tts: Record<string, unknown> };

export type SherpaRequest =
  | { op: 'init'; init: SherpaInit }
  /** language: an ISO 639-1 code for Whisper, or undefined to let it detect; other models ignore it. */
  | { op: 'recognize'; samples: Float32Array; sampleRate: number; language?: string }
  /** Speech segments found by the VAD, as sample offsets into `samples`. */
  | { op: 'segment'; samples: Float32Array; sampleRate: number }
  | { op: 'synthesize'; text: string; speed: number; speaker: number };

export interface InitReply {
  sherpaVersion: string;
  onnxruntimeVersion: string;
  sampleRate?: number;
  speakers?: number;
}

export interface RecognizeReply {
  text: string;
  /** The language the model reported, '' when it reports none. */
  language: string;
}

export interface SegmentReply {
  segments: Array<{ start: number; end: number }>;
}

export interface SynthesizeReply {
  samples: Float32Array;
  sampleRate: number;
}

export interface SherpaMessage {
  id: number;
  request: SherpaRequest;
}

export type SherpaReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
