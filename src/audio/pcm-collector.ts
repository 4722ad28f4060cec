import { InputRefusedError } from '../core/errors.js';
import type { PcmAudio } from '../core/ports.js';

/** What the WASM decoders here return for each piece they decode. */
export interface DecodedPiece {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors?: unknown[];
}

/** A streaming WASM decoder as the wasm-audio-decoders family (and @audio/decode-aac, adapted) shape it. */
export interface ChunkDecoder {
  decode(chunk: Uint8Array): DecodedPiece | Promise<DecodedPiece>;
  flush?(): DecodedPiece | Promise<DecodedPiece>;
  free(): void;
}

/**
 * Gathers a decoder's output as mono PCM and enforces the length limit while decoding: the moment
 * the decoded audio passes maxSeconds (plus a second of slack for decoder delay and padding the
 * container's own count leaves out), decoding stops with 'audio-too-long', so a container header
 * that understates the length cannot make decoding unbounded. Channels are averaged as they come,
 * so a stereo file never holds two full channels; non-finite samples (a float WAV can carry them)
 * become silence.
 */
export class PcmCollector {
  private readonly parts: Float32Array[] = [];
  private total = 0;
  private rate = 0;
  private errorCount = 0;

  constructor(readonly maxSeconds: number) {}

  get sampleRate(): number {
    return this.rate;
  }

  get samples(): number {
    return this.total;
  }

  get errors(): number {
    return this.errorCount;
  }

  add(piece: DecodedPiece): void {
    this.errorCount += piece.errors?.length ?? 0;
    const length = piece.samplesDecoded;
    if (length <= 0 || piece.channelData.length === 0) return;
    if (this.rate === 0) this.rate = piece.sampleRate;
    // A stream whose rate changes part-way (chained files) would need resampling per piece; no recorder makes one.
    if (piece.sampleRate !== this.rate) throw new InputRefusedError('corrupt', `the sample rate changes from ${this.rate} to ${piece.sampleRate} Hz`);
    this.total += length;
    if (this.total > (this.maxSeconds + 1) * this.rate) {
      throw new InputRefusedError('audio-too-long', `decoded audio passed ${this.maxSeconds} s, longer than its header says`, { limit: Math.round((this.maxSeconds / 60) * 10) / 10 });
    }
    this.parts.push(toMono(piece.channelData, length));
  }

  /** The mono samples; 'corrupt' when nothing decoded. */
  finish(what: string): PcmAudio {
    if (this.total === 0) throw new InputRefusedError('corrupt', `no audio could be decoded from the ${what} (${this.errorCount} decode errors)`);
    const samples = new Float32Array(this.total);
    let offset = 0;
    for (const part of this.parts) {
      samples.set(part, offset);
      offset += part.length;
    }
    this.parts.length = 0;
    return { samples, sampleRate: this.rate };
  }
}

function toMono(channels: Float32Array[], length: number): Float32Array {
  const mono = new Float32Array(length);
  const count = channels.length;
  for (const channel of channels) {
    for (let i = 0; i < length; i++) mono[i]! += (channel[i] ?? 0) / count;
  }
  for (let i = 0; i < length; i++) if (!Number.isFinite(mono[i]!)) mono[i] = 0;
  return mono;
}
