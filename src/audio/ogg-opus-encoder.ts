import LibAVWrapper from '@libav.js/variant-opus-af';
import { DisposedError, StageError } from '../core/errors.js';
import type { PcmAudio, VoiceNoteEncoder } from '../core/ports.js';
import { SerialQueue } from './serial-queue.js';

type LibAV = LibAVWrapper.LibAV;

export interface OggOpusEncoderOptions {
  /** Opus bitrate in bits per second; 6000-128000. Defaults to 32000, plenty for one voice. */
  bitrate?: number;
  /**
   * libopus encoder complexity, 0-10. 5 took half the time of 10 (1.0 s against 2.0 s for 20 s of
   * audio on the 2-core dev box) for a loss no one hears in an espeak-ng voice at 32 kbit/s.
   * Defaults to 5.
   */
  complexity?: number;
}

const OPUS_RATE = 48_000;
const MONO_LAYOUT = 4; // AV_CH_LAYOUT_MONO (front centre)
// Input is handed to libav in blocks of this many seconds so its WASM heap stays small for long notes.
const BLOCK_SECONDS = 5;

/**
 * Writes PCM as an Ogg/Opus voice note with libav.js (ffmpeg's libopus encoder and Ogg muxer in
 * WASM): resampled to 48 kHz mono, libopus in VoIP mode at a voice-note bitrate. The muxer writes
 * the encoder's pre-skip (312 samples) into OpusHead and granule positions that end exactly at
 * the last real sample, so players and Telegram show the true duration. The libav instance is
 * loaded once and reused; calls run one at a time because its output callback is shared.
 */
export class OggOpusEncoder implements VoiceNoteEncoder {
  private readonly bitrate: number;
  private readonly complexity: number;
  private readonly queue = new SerialQueue();
  private libav: Promise<LibAV> | null = null;
  private sink: ((position: number, data: Uint8Array | Int8Array) => void) | null = null;
  private files = 0;
  private disposed = false;

  constructor(options: OggOpusEncoderOptions = {}) {
    const bitrate = options.bitrate ?? 32_000;
    if (!Number.isInteger(bitrate) || bitrate < 6_000 || bitrate > 128_000) throw new RangeError(`bitrate must be an integer 6000-128000, got ${bitrate}`);
    this.bitrate = bitrate;
    const complexity = options.complexity ?? 5;
    if (!Number.isInteger(complexity) || complexity < 0 || complexity > 10) throw new RangeError(`complexity must be an integer 0-10, got ${complexity}`);
    this.complexity = complexity;
  }

  encode(audio: PcmAudio): Promise<Buffer> {
    if (this.disposed) return Promise.reject(new DisposedError('OggOpusEncoder'));
    const { sampleRate } = audio;
    if (!Number.isInteger(sampleRate) || sampleRate < 1_000 || sampleRate > 384_000) {
      return Promise.reject(new RangeError(`sample rate must be an integer 1000-384000 Hz, got ${sampleRate}`));
    }
    const samples = finiteSamples(audio.samples);
    return this.queue.run(async () => {
      if (this.disposed) throw new DisposedError('OggOpusEncoder');
      try {
        return await this.encodeNow(await this.load(), samples, sampleRate);
      } catch (err) {
        if (err instanceof DisposedError) throw err;
        throw new StageError('speak', `Ogg/Opus encoding failed: ${err instanceof Error ? err.message : String(err)}`, false, { cause: err });
      }
    });
  }

  /** Frees the libav instance once queued calls finish; later calls throw DisposedError. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue.run(async () => {
      const libav = await this.libav?.catch(() => null);
      libav?.terminate();
      this.libav = null;
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private async encodeNow(libav: LibAV, samples: Float32Array, sampleRate: number): Promise<Buffer> {
    const fileName = `voice-note-${++this.files}.ogg`;
    const writes: Array<[number, Uint8Array]> = [];
    this.sink = (position, data) => writes.push([position, new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))]);
    const fmt = libav.AV_SAMPLE_FMT_FLT;
    let graph = 0;
    let encoder: [number, number, number] | null = null;
    let muxer: [number, number] | null = null;
    try {
      const [filterGraph, source, sink] = await libav.ff_init_filter_graph(
        `aresample=${OPUS_RATE}`,
        { sample_rate: sampleRate, sample_fmt: fmt, channel_layout: MONO_LAYOUT },
        { sample_rate: OPUS_RATE, sample_fmt: fmt, channel_layout: MONO_LAYOUT, frame_size: 960 },
      );
      graph = filterGraph;
      const [, context, frame, packet] = await libav.ff_init_encoder('libopus', {
        ctx: { bit_rate: this.bitrate, sample_fmt: fmt, sample_rate: OPUS_RATE, channel_layout: MONO_LAYOUT, channels: 1 },
        time_base: [1, OPUS_RATE],
        options: { application: 'voip', compression_level: String(this.complexity) },
      });
      encoder = [context, frame, packet];
      const [formatContext, , io] = await libav.ff_init_muxer({ format_name: 'ogg', filename: fileName, device: true, open: true }, [[context, 1, OPUS_RATE]]);
      muxer = [formatContext, io];
      await libav.avformat_write_header(formatContext, 0);

      const block = sampleRate * BLOCK_SECONDS;
      for (let start = 0; start < samples.length || start === 0; start += block) {
        const data = samples.subarray(start, start + block);
        const last = start + block >= samples.length;
        const input = data.length > 0 ? [{ data, sample_rate: sampleRate, format: fmt, channel_layout: MONO_LAYOUT, channels: 1, pts: start, ptshi: 0 }] : [];
        const frames = await libav.ff_filter_multi(source, sink, frame, input, last);
        const packets = await libav.ff_encode_multi(context, frame, packet, frames, last);
        if (packets.length > 0) await libav.ff_write_multi(formatContext, packet, packets);
        if (last) break;
      }
      await libav.av_write_trailer(formatContext);
    } finally {
      if (muxer) await libav.ff_free_muxer(muxer[0], muxer[1]);
      if (encoder) await libav.ff_free_encoder(encoder[0], encoder[1], encoder[2]);
      if (graph) await libav.avfilter_graph_free_js(graph);
      await libav.unlink(fileName).catch(() => undefined);
      this.sink = null;
    }
    return assemble(writes);
  }

  private load(): Promise<LibAV> {
    if (!this.libav) {
      this.libav = (async () => {
        const libav = await LibAVWrapper.LibAV({ noworker: true });
        libav.onwrite = (_name, position, data) => this.sink?.(position, data);
        return libav;
      })();
      this.libav.catch(() => {
        this.libav = null;
      });
    }
    return this.libav;
  }
}

/** NaN or infinite samples would reach libopus as noise bursts; clamp them (copying only if needed). */
function finiteSamples(samples: Float32Array): Float32Array {
  let bad = false;
  for (let i = 0; i < samples.length && !bad; i++) bad = !Number.isFinite(samples[i]!);
  if (!bad) return samples;
  return samples.map((v) => (Number.isFinite(v) ? v : v === Infinity ? 1 : v === -Infinity ? -1 : 0));
}

/** The muxer writes through a device at byte positions; lay the writes out as one file. */
function assemble(writes: Array<[number, Uint8Array]>): Buffer {
  const size = writes.reduce((max, [position, data]) => Math.max(max, position + data.length), 0);
  const file = Buffer.alloc(size);
  for (const [position, data] of writes) file.set(data, position);
  return file;
}
